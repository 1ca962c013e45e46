#include "clusterurl.h"
#include "mainwindow.h"
#include "shell/appearance.h"
#include "shell/language.h"
#include "shell/screenshot.h"
#include "version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <algorithm>
#include <cstdio>
#include <cstring>

using namespace tartan;
using namespace tartan::gui;

namespace {

struct Flags
{
    QCommandLineOption connect{QStringLiteral("connect"),
                               QCoreApplication::translate("main", "Connect to the cluster at URL: etcd://HOST:PORT[,HOST:PORT...][/PREFIX] "
                                                                   "(etcds:// for TLS; the prefix defaults to /coreos.com/network)."),
                               QStringLiteral("URL")};
    QCommandLineOption caFile{QStringLiteral("etcd-cafile"), QCoreApplication::translate("main", "CA certificate for etcds:// endpoints."),
                              QStringLiteral("FILE")};
    QCommandLineOption certFile{QStringLiteral("etcd-certfile"), QCoreApplication::translate("main", "Client certificate for etcds:// endpoints."),
                                QStringLiteral("FILE")};
    QCommandLineOption keyFile{QStringLiteral("etcd-keyfile"), QCoreApplication::translate("main", "Client key for etcds:// endpoints."),
                               QStringLiteral("FILE")};
    QCommandLineOption kubeconfig{QStringLiteral("kubeconfig"),
                                  QCoreApplication::translate("main", "Connect to the Kubernetes cluster of this kubeconfig file (its "
                                                                      "current context unless --context is given)."),
                                  QStringLiteral("FILE")};
    QCommandLineOption context{QStringLiteral("context"), QCoreApplication::translate("main", "With --kubeconfig: the context to use."),
                               QStringLiteral("NAME")};
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  QCoreApplication::translate("main", "Render the main window into FILE (PNG) once the store is loaded, then exit."),
                                  QStringLiteral("FILE")};
    QCommandLineOption timeout{QStringLiteral("screenshot-timeout"),
                               QCoreApplication::translate("main", "Seconds to wait for the store before a screenshot fails (default 30)."),
                               QStringLiteral("SECONDS"), QStringLiteral("30")};
    QCommandLineOption trace{QStringLiteral("trace"),
                             QCoreApplication::translate("main", "Open the packet path view and trace from SRC to DST once connected "
                                                                 "(two addresses: --trace SRC DST)."),
                             QStringLiteral("SRC")};
    QCommandLineOption language{QStringLiteral("language"),
                                QCoreApplication::translate("main", "User interface language (en, zh_CN); default: the saved choice or the system's."),
                                QStringLiteral("CODE")};
};

void describe(QCommandLineParser &parser, const Flags &flags)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Tartan: a live view of a flannel-compatible overlay network, from etcd or the Kubernetes API."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({flags.connect, flags.caFile, flags.certFile, flags.keyFile, flags.kubeconfig, flags.context, flags.screenshot, flags.timeout, flags.trace, flags.language});
    parser.addPositionalArgument(QStringLiteral("DST"), QCoreApplication::translate("main", "With --trace: the destination address."),
                                 QStringLiteral("[DST]"));
}

// --help and --version must work on a machine without a display (a server, an SSH session):
// answer them before any GUI exists.
bool asksForInformation(int argc, char *argv[])
{
    return std::any_of(argv + 1, argv + argc, [](const char *argument) {
        for (const char *flag : {"-h", "--help", "--help-all", "-v", "--version"})
            if (!std::strcmp(argument, flag))
                return true;
        return false;
    });
}

QString languageArgument(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--language") && i + 1 < argc)
            return QString::fromLocal8Bit(argv[i + 1]);
        if (!std::strncmp(argv[i], "--language=", 11))
            return QString::fromLocal8Bit(argv[i] + 11);
    }
    return Language::saved();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("tartan"));
    QCoreApplication::setOrganizationName(QStringLiteral("Tartan"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));
    if (asksForInformation(argc, argv)) {
        QCoreApplication core(argc, argv);
        Flags flags;
        QCommandLineParser parser;
        describe(parser, flags);
        parser.process(core); // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/tartan.svg")));
    QApplication::setDesktopFileName(QStringLiteral("tartan"));
    // The translator goes in before any translated text is made, the option texts included.
    Language::install(languageArgument(argc, argv));
    Appearance::apply(Appearance::saved());

    Flags flags;
    QCommandLineParser parser;
    describe(parser, flags);
    parser.process(app);

    MainWindow window;
    bool connecting = false;
    if (parser.isSet(flags.connect)) {
        const auto url = ClusterUrl::parse(parser.value(flags.connect));
        if (!url) {
            std::fprintf(stderr, "tartan: --connect: %s\n", qPrintable(url.error().message()));
            return 2;
        }
        EtcdClientOptions options;
        options.endpoints = url->endpoints();
        options.caFile = parser.value(flags.caFile);
        options.certFile = parser.value(flags.certFile);
        options.keyFile = parser.value(flags.keyFile);
        if (auto connected = window.connectTo(options, url->prefix()); !connected) {
            std::fprintf(stderr, "tartan: --connect: %s\n", qPrintable(connected.error().message()));
            return 2;
        }
        connecting = true;
    }
    if (parser.isSet(flags.kubeconfig)) {
        if (connecting) {
            std::fprintf(stderr, "tartan: --kubeconfig and --connect cannot be used together\n");
            return 2;
        }
        KubeTarget target;
        target.kubeconfig = parser.value(flags.kubeconfig);
        target.context = parser.value(flags.context);
        if (auto connected = window.connectToKube(target); !connected) {
            std::fprintf(stderr, "tartan: --kubeconfig: %s\n", qPrintable(connected.error().message()));
            return 2;
        }
        connecting = true;
    } else if (parser.isSet(flags.context)) {
        std::fprintf(stderr, "tartan: --context needs --kubeconfig\n");
        return 2;
    }
    if (parser.isSet(flags.trace)) {
        if (parser.positionalArguments().size() != 1) {
            std::fprintf(stderr, "tartan: --trace: expected a source and a destination address (--trace SRC DST)\n");
            return 2;
        }
        window.traceOnLoad(parser.value(flags.trace), parser.positionalArguments().constFirst());
    }
    else if (!parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "tartan: unexpected argument %s\n", qPrintable(parser.positionalArguments().constFirst()));
        return 2;
    }
    if (parser.isSet(flags.screenshot)) {
        bool ok = false;
        const int seconds = parser.value(flags.timeout).toInt(&ok);
        if (!ok || seconds <= 0) {
            std::fprintf(stderr, "tartan: --screenshot-timeout: expected a positive number of seconds\n");
            return 2;
        }
        new Screenshot(&window, parser.value(flags.screenshot), connecting, std::chrono::seconds(seconds));
    }
    window.show();
    return app.exec();
}
