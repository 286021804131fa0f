// schemadesk: the desktop console.
#include "Console.h"
#include "Tour.h"
#include "ui/AppSettings.h"
#include "ui/CommandLine.h"
#include "ui/Demo.h"
#include "ui/MainWindow.h"

#include <cstdio>
#include <QApplication>
#include <QIcon>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SchemaDesk"));
    QApplication::setApplicationName(QStringLiteral("schemadesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("SchemaDesk"));
    QApplication::setApplicationVersion(QStringLiteral(SD_VERSION_STRING));
    // Matches packaging/linux/io.schemadesk.SchemaDesk.desktop; the icon comes from the installed theme.
    QApplication::setDesktopFileName(QStringLiteral("io.schemadesk.SchemaDesk"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("io.schemadesk.SchemaDesk")));

    QTextStream out(stdout);
    QTextStream err(stderr);
    const sd::ui::CommandLineOptions options = sd::ui::parseCommandLine(QApplication::arguments());
    if (!options.error.isEmpty()) {
        err << "schemadesk: " << options.error << "\n\n" << options.helpText;
        return 2;
    }
    if (options.showHelp) {
        out << options.helpText;
        return 0;
    }
    if (options.showVersion) {
        out << sd::ui::versionText() << '\n';
        return 0;
    }

    sd::ui::AppSettings settings;
    sd::console::Console console(settings);
    sd::ui::MainWindow &window = console.window();
    const auto storedTheme = sd::ui::themeChoiceFromName(settings.value(sd::ui::settings::theme));
    window.setThemeChoice(options.theme.value_or(storedTheme.value_or(sd::ui::ThemeChoice::System)));
    window.show();
    sd::ui::DemoSession *demo = nullptr;
    if (options.demo) {
        demo = new sd::ui::DemoSession(console.shell(), &app);
        demo->start();
    } else {
        window.openSavedConnections();
    }

    if (!options.tourDirectory.isEmpty()) {
        auto *tour = new sd::ui::Tour(window, options.tourDirectory, out, &app);
        sd::ui::addStandardTourSteps(*tour, window, demo);
        QObject::connect(tour, &sd::ui::Tour::finished, &app, [](int code) { QCoreApplication::exit(code); });
        tour->start();
    }
    return QApplication::exec();
}
