#pragma once

#include <cstddef>
#include <optional>
#include <QString>
#include <QStringView>

namespace sd::sandbox {

// An enum whose values are 0, 1, 2, … and its names on the wire in that order, read both ways.
template<typename Enum, std::size_t N> QString enumName(const QStringView (&names)[N], Enum value)
{
    const auto index = std::size_t(value);
    return index < N ? names[index].toString() : QString();
}

template<typename Enum, std::size_t N>
std::optional<Enum> enumFromName(const QStringView (&names)[N], QStringView name,
                                 Qt::CaseSensitivity cs = Qt::CaseSensitive)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (name.compare(names[i], cs) == 0)
            return Enum(i);
    }
    return std::nullopt;
}

} // namespace sd::sandbox
