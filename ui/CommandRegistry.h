#pragma once

#include <functional>
#include <QHash>
#include <QString>
#include <QVariantMap>

namespace sd::ui {

// Named commands that a feature registers and anyone may run ("open a diff", "open modes", "verify a
// mirror"), so that no feature includes another and the core includes none: the way Qt Creator's
// plugins reach each other through registered actions. Names and argument keys are in Commands.h.
class CommandRegistry
{
public:
    using Handler = std::function<void(const QVariantMap &arguments)>;

    // A second registration under the same name replaces the first.
    void add(const QString &name, Handler handler);
    bool has(const QString &name) const { return m_handlers.contains(name); }
    // False when no feature registered the command (the feature is not installed).
    bool run(const QString &name, const QVariantMap &arguments = {}) const;

private:
    QHash<QString, Handler> m_handlers;
};

} // namespace sd::ui
