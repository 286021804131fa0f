// Serves every MisbehavingRegistry behaviour on a port of its own, in a process of its own, so that
// tst_reliability measures the console's memory and GUI thread only. Prints "NAME URL" per behaviour,
// then "ready"; ends when its standard input closes (the test ended or died).
#include "sandboxserver/MisbehavingRegistry.h"

#include <cstdio>
#include <memory>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <unistd.h>
#include <vector>

using sd::sandbox::MisbehavingRegistry;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::vector<std::unique_ptr<MisbehavingRegistry>> servers;
    for (const MisbehavingRegistry::Behaviour behaviour : MisbehavingRegistry::all()) {
        auto server = std::make_unique<MisbehavingRegistry>(behaviour);
        QString error;
        if (!server->listen(&error)) {
            std::fprintf(stderr, "cannot listen: %s\n", qPrintable(error));
            return 1;
        }
        std::printf("%s %s\n", qPrintable(MisbehavingRegistry::name(behaviour)),
                    server->url().toEncoded().constData());
        servers.push_back(std::move(server));
    }
    std::printf("ready\n");
    std::fflush(stdout);
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&input] {
        char buffer[256];
        if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0) {
            input.setEnabled(false);
            QCoreApplication::quit();
        }
    });
    return app.exec();
}
