#include "agent.h"
#include "agentoptions.h"
#include "version.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace tartan;

namespace {

int gSignalPipe[2] = {-1, -1};

// Only write() is async-signal-safe here; the event loop reads the pipe and shuts down.
void onSignal(int)
{
    const char byte = 1;
    (void)!write(gSignalPipe[0], &byte, 1);
}

void logLine(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    const char *level = type == QtInfoMsg ? "I" : type == QtWarningMsg ? "W" : type == QtDebugMsg ? "D" : "E";
    std::fprintf(stderr, "%s tartand: %s\n", level, message.toUtf8().constData());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tartand"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));

    bool help = false;
    bool version = false;
    const auto options = AgentOptions::parse(QCoreApplication::arguments().mid(1), QProcessEnvironment::systemEnvironment(),
                                             &help, &version);
    if (help) {
        std::fputs(AgentOptions::helpText().toUtf8().constData(), stdout);
        return 0;
    }
    if (version) {
        std::printf("tartand %s\n", kVersion);
        return 0;
    }
    if (!options) {
        std::fprintf(stderr, "tartand: %s\n", options.error().message().toUtf8().constData());
        return 1;
    }
    qInstallMessageHandler(logLine);

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, gSignalPipe) != 0) {
        std::perror("tartand: socketpair");
        return 1;
    }
    QSocketNotifier signalNotifier(gSignalPipe[1], QSocketNotifier::Read);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);

    Agent agent(*options);
    int exitCode = 0;
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &app, [&] {
        qInfo("shutting down");
        agent.shutdown();
        app.quit();
    });
    QObject::connect(&agent, &Agent::failed, &app, [&](const Error &) {
        exitCode = 1;
        agent.shutdown();
        app.quit();
    });
    qInfo("tartand %s starting", kVersion);
    if (auto started = agent.start(); !started) {
        qCritical("%s", qPrintable(started.error().message()));
        return 1;
    }
    const int loop = app.exec();
    return exitCode ? exitCode : loop;
}
