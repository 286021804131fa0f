#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <QString>
#include <QStringView>

namespace sd::registry {

// An enum's names kept in one table and read both ways, instead of a switch that prints and a second
// list that parses: the printer and the parser cannot drift apart, and a new value is one more name.
// EnumNames<E::Last> holds the names of E's values 0, 1, … Last in that order; a table with more or
// fewer names does not compile.
//   static constexpr EnumNames<Mode::Manual> names({u"system", u"none", u"manual"});
//   names.name(Mode::None);                      // "none"; a value outside the table: the fallback ({})
//   names.valueOf(u"manual", Mode::System);      // exact match, else the fallback
//   names.find(text, Qt::CaseInsensitive);       // std::nullopt when no name matches
template<auto Last> class EnumNames
{
public:
    using Enum = decltype(Last);
    static constexpr std::size_t size = std::size_t(Last) + 1;

    template<std::size_t N>
        requires(N == size)
    consteval EnumNames(const QStringView (&names)[N])
    {
        for (std::size_t i = 0; i < N; ++i)
            m_names[i] = names[i];
    }

    QString name(Enum value, QStringView fallback = {}) const
    {
        const auto index = std::size_t(value);
        return (index < size ? m_names[index] : fallback).toString();
    }

    std::optional<Enum> find(QStringView text, Qt::CaseSensitivity cs = Qt::CaseSensitive) const
    {
        for (std::size_t i = 0; i < size; ++i) {
            if (text.compare(m_names[i], cs) == 0)
                return Enum(i);
        }
        return std::nullopt;
    }

    Enum valueOf(QStringView text, Enum fallback, Qt::CaseSensitivity cs = Qt::CaseSensitive) const
    {
        return find(text, cs).value_or(fallback);
    }

private:
    std::array<QStringView, size> m_names{};
};

} // namespace sd::registry
