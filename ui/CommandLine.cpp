#include "CommandLine.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace sd::ui {

QString versionText()
{
    return QStringLiteral("schemadesk %1 (Qt %2)")
        .arg(QStringLiteral(SD_VERSION_STRING), QLatin1String(qVersion()));
}

CommandLineOptions parseCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("SchemaDesk, a desktop console for Confluent-compatible Schema Registries."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version."));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Start the built-in demo: local sandbox registries with the "
                                                 "documented scenarios loaded, connected in the console."));
    const QCommandLineOption tour(
        QStringLiteral("tour"),
        QStringLiteral("Run a scripted tour of the console, save a PNG screenshot of each "
                       "step into <directory>, print what each shows, and quit."),
        QStringLiteral("directory"));
    const QCommandLineOption theme(
        QStringLiteral("theme"),
        QStringLiteral("Colour theme: system, light or dark (overrides the setting "
                       "for this run)."),
        QStringLiteral("theme"));
    parser.addOptions({help, version, demo, tour, theme});

    CommandLineOptions options;
    options.helpText = parser.helpText();
    if (!parser.parse(arguments)) {
        options.error = parser.errorText();
        return options;
    }
    if (!parser.positionalArguments().isEmpty()) {
        options.error =
            QStringLiteral("Unexpected argument '%1'.").arg(parser.positionalArguments().constFirst());
        return options;
    }
    options.showHelp = parser.isSet(help);
    options.showVersion = parser.isSet(version);
    options.demo = parser.isSet(demo);
    if (parser.isSet(tour)) {
        options.tourDirectory = parser.value(tour);
        if (options.tourDirectory.isEmpty()) {
            options.error = QStringLiteral("--tour needs a directory for the screenshots.");
            return options;
        }
    }
    if (parser.isSet(theme)) {
        options.theme = themeChoiceFromName(parser.value(theme));
        if (!options.theme)
            options.error =
                QStringLiteral("Unknown theme '%1': use system, light or dark.").arg(parser.value(theme));
    }
    return options;
}

} // namespace sd::ui
