#include "AppSettings.h"

namespace sd::ui {

AppSettings::AppSettings()
    : m_settings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("SchemaDesk"),
                 QStringLiteral("schemadesk"))
{
    migrate();
}

AppSettings::AppSettings(const QString &iniPath)
    : m_settings(iniPath, QSettings::IniFormat)
{
    migrate();
}

void AppSettings::migrate()
{
    // Format 0 is "nothing stored yet"; later formats add steps here, oldest first.
    if (value(settings::formatVersion) < currentFormatVersion)
        setValue(settings::formatVersion, currentFormatVersion);
}

} // namespace sd::ui
