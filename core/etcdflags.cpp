#include "etcdflags.h"

#include <QFileInfo>

namespace tartan::etcdflags {

namespace {

const QString kEndpoints = QStringLiteral("etcd-endpoints");
const QString kPrefix = QStringLiteral("etcd-prefix");
const QString kCaFile = QStringLiteral("etcd-cafile");
const QString kCertFile = QStringLiteral("etcd-certfile");
const QString kKeyFile = QStringLiteral("etcd-keyfile");
const QString kUsername = QStringLiteral("etcd-username");
const QString kPassword = QStringLiteral("etcd-password");

} // namespace

void addTo(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(kEndpoints, QStringLiteral("etcd endpoints, comma-separated."),
                                        QStringLiteral("urls"),
                                        QStringLiteral("http://127.0.0.1:4001,http://127.0.0.1:2379")));
    parser.addOption(QCommandLineOption(kPrefix, QStringLiteral("etcd prefix of the network's keys."),
                                        QStringLiteral("path"), QString::fromLatin1(StoreLayout::kDefaultPrefix)));
    parser.addOption(QCommandLineOption(kCaFile, QStringLiteral("CA certificate to verify etcd with (PEM)."),
                                        QStringLiteral("file")));
    parser.addOption(QCommandLineOption(kCertFile, QStringLiteral("Client certificate for etcd (PEM)."),
                                        QStringLiteral("file")));
    parser.addOption(
        QCommandLineOption(kKeyFile, QStringLiteral("Client certificate's key for etcd (PEM)."), QStringLiteral("file")));
    parser.addOption(QCommandLineOption(kUsername, QStringLiteral("etcd user name."), QStringLiteral("name")));
    parser.addOption(QCommandLineOption(
        kPassword, QStringLiteral("etcd password (prefer the TARTAN_ETCD_PASSWORD environment variable)."),
        QStringLiteral("password")));
}

Result<EtcdClientOptions> clientOptions(const OptionSource &source)
{
    EtcdClientOptions options;
    auto endpoints = EtcdClientOptions::parseEndpoints(source.value(kEndpoints));
    if (!endpoints)
        return endpoints.error().context(source.origin(kEndpoints));
    options.endpoints = *endpoints;
    options.caFile = source.value(kCaFile);
    options.certFile = source.value(kCertFile);
    options.keyFile = source.value(kKeyFile);
    for (const QString &flag : {kCaFile, kCertFile, kKeyFile}) {
        const QString file = source.value(flag);
        if (!file.isEmpty() && !QFileInfo(file).isReadable())
            return Error(QStringLiteral("%1: cannot read '%2'").arg(source.origin(flag), file));
    }
    if (options.certFile.isEmpty() != options.keyFile.isEmpty())
        return Error(QStringLiteral("--etcd-certfile and --etcd-keyfile go together: give both or neither"));
    options.username = source.value(kUsername);
    options.password = source.value(kPassword);
    if (options.username.isEmpty() != options.password.isEmpty())
        return Error(QStringLiteral("--etcd-username and --etcd-password go together: give both or neither"));
    return options;
}

StoreLayout layout(const OptionSource &source)
{
    return StoreLayout(source.value(kPrefix));
}

} // namespace tartan::etcdflags
