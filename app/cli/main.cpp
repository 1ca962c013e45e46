#include "version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tartanctl"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(tartan::kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Tartan's command line: the scriptable twin of the tartan app."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    parser.showHelp(1);
}
