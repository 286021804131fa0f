#pragma once

#include "Theme.h"

#include <optional>
#include <QString>
#include <QStringList>

namespace sd::ui {

struct CommandLineOptions
{
    bool demo = false;
    QString tourDirectory; // non-empty: run the scripted tour, save screenshots there, quit
    std::optional<ThemeChoice> theme;
    bool showHelp = false;
    bool showVersion = false;
    QString error; // non-empty when the arguments are wrong; the message says what to fix
    QString helpText;
};

// Parses the console's arguments (arguments.first() is the program name). Never exits the process,
// so it is testable; main() acts on showHelp/showVersion/error.
CommandLineOptions parseCommandLine(const QStringList &arguments);

QString versionText();

} // namespace sd::ui
