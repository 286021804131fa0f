#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QVariant>

namespace sd::ui {

// One typed entry of the settings table: its key and the value used when nothing is stored.
template<typename T> struct Setting
{
    const char *key;
    T defaultValue;
};

// Every user preference the console stores, in one table. Stored through QSettings in the platform's
// standard location; never holds secrets (those live in the OS keychain).
namespace settings {
inline const Setting<QString> theme{"ui/theme", QStringLiteral("system")};
inline const Setting<QByteArray> windowGeometry{"ui/windowGeometry", {}};
inline const Setting<QByteArray> windowState{"ui/windowState", {}};
inline const Setting<int> formatVersion{"meta/formatVersion", 0};
} // namespace settings

class AppSettings
{
public:
    static constexpr int currentFormatVersion = 1;

    AppSettings();
    // For tests: a settings file at an explicit path.
    explicit AppSettings(const QString &iniPath);

    template<typename T> T value(const Setting<T> &setting) const
    {
        const QVariant stored = m_settings.value(QLatin1String(setting.key));
        return stored.isValid() ? stored.value<T>() : setting.defaultValue;
    }

    template<typename T> void setValue(const Setting<T> &setting, const T &value)
    {
        m_settings.setValue(QLatin1String(setting.key), QVariant::fromValue(value));
    }

    QString fileName() const { return m_settings.fileName(); }
    void sync() { m_settings.sync(); }

private:
    void migrate();

    QSettings m_settings;
};

} // namespace sd::ui
