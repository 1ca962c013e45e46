#include "mainwindow.h"
#include "version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLocale>
#include <QTranslator>

#include <algorithm>
#include <cstring>

namespace {

void describe(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Tartan: a live view of a flannel-compatible overlay network, from etcd or Kubernetes."));
    parser.addHelpOption();
    parser.addVersionOption();
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

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("tartan"));
    QCoreApplication::setOrganizationName(QStringLiteral("Tartan"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(tartan::kVersion));
    if (asksForInformation(argc, argv)) {
        QCoreApplication core(argc, argv);
        QCommandLineParser parser;
        describe(parser);
        parser.process(core); // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/tartan.svg")));
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("tartan"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    describe(parser);
    parser.process(app);

    tartan::gui::MainWindow window;
    window.show();
    return app.exec();
}
