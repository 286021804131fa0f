// schemadesk-cli: export, verify, diff and search from a command line (see `schemadesk-cli --help`).
#include "cli/CliCommands.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <unistd.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("SchemaDesk"));
    QCoreApplication::setApplicationName(
        QStringLiteral("schemadesk")); // the console's, so its connections.json is found
    QCoreApplication::setApplicationVersion(QStringLiteral(SD_VERSION_STRING));
    // The libraries' debug lines are for the console's log window; here only warnings reach stderr.
    QLoggingCategory::setFilterRules(QStringLiteral("schemadesk.*.debug=false\nschemadesk.*.info=false"));

    sd::cli::CliContext context;
    context.setProgressShown(isatty(STDERR_FILENO) == 1);
    QObject::connect(&context, &sd::cli::CliContext::finished, &app,
                     [](int status) { QCoreApplication::exit(status); });
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    sd::cli::start(context, arguments);
    if (context.isFinished())
        return context.exitStatus();
    return QCoreApplication::exec();
}
