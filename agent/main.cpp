#include "version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tartand"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(tartan::kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Tartan node agent: leases this node's pod subnet from the cluster network (etcd or the\n"
        "Kubernetes API) and programs the overlay (vxlan, host-gw, ipip, udp) through netlink.\n"
        "A drop-in for flanneld: same flags, etcd keys, annotations, subnet.env and devices."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    std::fprintf(stderr, "tartand: the agent's data path is not part of this build yet\n");
    return 1;
}
