#pragma once

#include <cstddef>
#include <optional>
#include <QString>
#include <QStringView>
#include <utility>

namespace sd::sandbox {

// An enum's names on the wire, read both ways from one table of (value, name) rows.
template<typename Enum> using EnumNameRow = std::pair<Enum, QStringView>;

template<typename Enum, std::size_t N> QString enumName(const EnumNameRow<Enum> (&rows)[N], Enum value)
{
    for (const auto &[candidate, name] : rows) {
        if (candidate == value)
            return name.toString();
    }
    return {};
}

template<typename Enum, std::size_t N>
std::optional<Enum> enumFromName(const EnumNameRow<Enum> (&rows)[N], QStringView name,
                                 Qt::CaseSensitivity cs = Qt::CaseSensitive)
{
    for (const auto &[value, candidate] : rows) {
        if (name.compare(candidate, cs) == 0)
            return value;
    }
    return std::nullopt;
}

} // namespace sd::sandbox
