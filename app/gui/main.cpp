#include "mainwindow.h"
#include "version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLocale>
#include <QTranslator>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tartan"));
    QApplication::setOrganizationName(QStringLiteral("Tartan"));
    QApplication::setApplicationVersion(QString::fromLatin1(tartan::kVersion));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/tartan.svg")));

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("tartan"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "Tartan: a live view of a flannel-compatible overlay network, from etcd or Kubernetes."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    tartan::gui::MainWindow window;
    window.show();
    return app.exec();
}
