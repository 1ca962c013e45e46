#include "cniplugin.h"
#include "version.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>
#include <cstring>

// A CNI plugin speaks through the CNI_* environment variables and stdin/stdout, not through
// flags; --help and --version are for the operator who runs it by hand.
namespace {

void printHelp()
{
    std::printf("Usage: flannel (run by a container runtime, per the CNI specification)\n\n"
                "Tartan's flannel CNI plugin: reads the node's subnet.env and delegates pod wiring\n"
                "to the standard bridge and host-local plugins, as upstream flannel's plugin does.\n\n"
                "Environment: CNI_COMMAND (ADD, DEL, CHECK, VERSION), CNI_CONTAINERID, CNI_NETNS,\n"
                "CNI_IFNAME, CNI_PATH; the network configuration arrives on stdin.\n\n"
                "Options:\n  -h, --help     Displays this help.\n  -v, --version  Displays version information.\n");
}

QByteArray readStandardInput()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    return in.readAll();
}

} // namespace

int main(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            printHelp();
            return 0;
        }
        if (!std::strcmp(argv[i], "--version") || !std::strcmp(argv[i], "-v")) {
            std::printf("flannel (Tartan CNI plugin) %s\n", tartan::kVersion);
            return 0;
        }
    }
    // QProcess (the delegate) wants an application object for its child-process bookkeeping.
    QCoreApplication app(argc, argv);
    const tartan::CniPlugin plugin(QProcessEnvironment::systemEnvironment());
    const tartan::CniPlugin::Output output = plugin.run(readStandardInput);
    std::fwrite(output.stdoutBytes.constData(), 1, static_cast<size_t>(output.stdoutBytes.size()), stdout);
    std::fflush(stdout);
    return output.exitCode;
}
