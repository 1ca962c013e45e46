#include "agentoptions.h"
#include "version.h"

#include <QCoreApplication>

#include <cstdio>

using namespace tartan;

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
    std::fprintf(stderr, "tartand: the agent's data path is not part of this build yet\n");
    return 1;
}
