#include "version.h"

#include <QByteArray>
#include <QCoreApplication>

#include <cstdio>
#include <cstring>

// A CNI plugin speaks through the CNI_COMMAND environment variable and stdin/stdout, not through
// flags; --help and --version are for the operator who runs it by hand.
namespace {

constexpr char kSupportedVersions[] =
    R"({"cniVersion":"1.0.0","supportedVersions":["0.1.0","0.2.0","0.3.0","0.3.1","0.4.0","1.0.0"]})";

void printHelp()
{
    std::printf("Usage: flannel (run by a container runtime, per the CNI specification)\n\n"
                "Tartan's flannel CNI plugin: reads the node's subnet.env and delegates pod wiring\n"
                "to the standard bridge and host-local plugins, as upstream flannel's plugin does.\n\n"
                "Environment: CNI_COMMAND (ADD, DEL, CHECK, VERSION), CNI_CONTAINERID, CNI_NETNS,\n"
                "CNI_IFNAME, CNI_PATH; the network configuration arrives on stdin.\n\n"
                "Options:\n  -h, --help     Displays this help.\n  -v, --version  Displays version information.\n");
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
    const QByteArray command = qgetenv("CNI_COMMAND");
    if (command == "VERSION") {
        std::printf("%s\n", kSupportedVersions);
        return 0;
    }
    // CNI error code 4: invalid or missing environment variables.
    std::printf(R"({"cniVersion":"1.0.0","code":4,"msg":"CNI_COMMAND '%s' is not supported by this build"})" "\n",
                command.constData());
    return 1;
}
