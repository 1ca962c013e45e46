#include "subnetenv.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tartan {

namespace {

constexpr int kMinMtu = 68; // the IPv4 minimum: below it no link can carry a datagram
constexpr int kMaxMtu = 65535;

/// Parses one network and checks its family: each variable holds one family only.
Result<IpNetwork> parseNetwork(QStringView text, IpAddress::Family family)
{
    auto network = IpNetwork::parse(text.trimmed());
    if (!network)
        return network.error();
    if (network->family() != family) {
        return Error(QStringLiteral("'%1' is an %2 network, expected %3")
                         .arg(text.trimmed(), familyName(network->family()), familyName(family)));
    }
    return network;
}

Result<QList<IpNetwork>> parseNetworkList(QStringView text, IpAddress::Family family)
{
    QList<IpNetwork> networks;
    for (QStringView part : text.split(u',')) {
        auto network = parseNetwork(part, family);
        if (!network)
            return network.error();
        networks.append(*network);
    }
    return networks;
}

/// The value part of NAME=value, unquoted and without a trailing comment.
Result<QString> unquote(QStringView value)
{
    value = value.trimmed();
    if (value.startsWith(u'"') || value.startsWith(u'\'')) {
        const QChar quote = value.front();
        const qsizetype close = value.indexOf(quote, 1);
        if (close < 0)
            return Error(QStringLiteral("unterminated %1 quote").arg(quote));
        const QStringView rest = value.mid(close + 1).trimmed();
        if (!rest.isEmpty() && !rest.startsWith(u'#'))
            return Error(QStringLiteral("unexpected text after the closing quote: '%1'").arg(rest));
        return value.mid(1, close - 1).toString();
    }
    // As in a shell, `#` starts a comment only at the start of a word.
    for (qsizetype i = 1; i < value.size(); ++i) {
        if (value[i] == u'#' && value[i - 1].isSpace())
            return value.left(i).trimmed().toString();
    }
    return value.toString();
}

bool isVariableName(QStringView name)
{
    if (name.isEmpty() || name.front().isDigit())
        return false;
    for (QChar c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'_')
            return false;
    }
    return true;
}

QString addressWithLength(const IpNetwork &subnet)
{
    return QStringLiteral("%1/%2").arg(subnet.firstHost().toString()).arg(subnet.prefixLength());
}

QString joined(const QList<IpNetwork> &networks)
{
    QStringList texts;
    for (const IpNetwork &network : networks)
        texts.append(network.toString());
    return texts.join(u',');
}

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

/// mkdir -p: creates each missing component with `mode` (less the umask).
Status makeDirectories(const QByteArray &directory, unsigned mode)
{
    struct stat info
    {
    };
    if (::stat(directory.constData(), &info) == 0) {
        if (S_ISDIR(info.st_mode))
            return {};
        return Error(QStringLiteral("%1 exists and is not a directory").arg(QFile::decodeName(directory)));
    }
    for (qsizetype slash = directory.indexOf('/', 1);; slash = directory.indexOf('/', slash + 1)) {
        const QByteArray prefix = slash < 0 ? directory : directory.left(slash);
        if (::mkdir(prefix.constData(), mode) != 0 && errno != EEXIST)
            return Error(QStringLiteral("creating directory %1: %2")
                             .arg(QFile::decodeName(prefix), systemError(errno)));
        if (slash < 0)
            return {};
    }
}

} // namespace

Result<SubnetEnv> SubnetEnv::parse(const QByteArray &text, const QString &source)
{
    SubnetEnv env;
    const QStringList lines = QString::fromUtf8(text).split(u'\n');
    for (qsizetype index = 0; index < lines.size(); ++index) {
        const auto fail = [&](const QString &message) {
            return Error(QStringLiteral("%1 line %2: %3").arg(source).arg(index + 1).arg(message));
        };
        QStringView line = QStringView(lines[index]).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u"export") && line.size() > 6 && line[6].isSpace())
            line = line.mid(7).trimmed();
        const qsizetype equals = line.indexOf(u'=');
        if (equals < 0)
            return fail(QStringLiteral("expected NAME=value, got '%1'").arg(line));
        const QString name = line.left(equals).trimmed().toString();
        if (!isVariableName(name))
            return fail(QStringLiteral("'%1' is not a variable name").arg(name));
        const auto value = unquote(line.mid(equals + 1));
        if (!value)
            return fail(QStringLiteral("%1: %2").arg(name, value.error().message()));
        const auto failValue = [&](const Error &error) {
            return fail(QStringLiteral("%1: %2").arg(name, error.message()));
        };

        if (name == u"FLANNEL_NETWORK" || name == u"FLANNEL_IPV6_NETWORK") {
            const bool v4 = name == u"FLANNEL_NETWORK";
            auto networks = parseNetworkList(*value, v4 ? IpAddress::Family::V4 : IpAddress::Family::V6);
            if (!networks)
                return failValue(networks.error());
            (v4 ? env.mNetworks : env.mIpv6Networks) = std::move(networks).value();
        } else if (name == u"FLANNEL_SUBNET" || name == u"FLANNEL_IPV6_SUBNET") {
            const bool v4 = name == u"FLANNEL_SUBNET";
            auto subnet = parseNetwork(*value, v4 ? IpAddress::Family::V4 : IpAddress::Family::V6);
            if (!subnet)
                return failValue(subnet.error());
            (v4 ? env.mSubnet : env.mIpv6Subnet) = *subnet;
        } else if (name == u"FLANNEL_MTU") {
            bool numeric = !value->isEmpty() && value->size() <= 5;
            for (QChar c : *value)
                numeric = numeric && c.isDigit() && c.unicode() < 128;
            const int mtu = numeric ? value->toInt() : -1;
            if (mtu < kMinMtu || mtu > kMaxMtu) {
                return failValue(Error(QStringLiteral("'%1' is not an MTU (expected %2 to %3)")
                                           .arg(*value)
                                           .arg(kMinMtu)
                                           .arg(kMaxMtu)));
            }
            env.mMtu = mtu;
        } else if (name == u"FLANNEL_IPMASQ") {
            // flanneld writes Go's %t; anything else is a typo that upstream would silently read as false.
            if (*value != u"true" && *value != u"false")
                return failValue(Error(QStringLiteral("'%1' is not true or false").arg(*value)));
            env.mIpMasq = *value == u"true";
        }
    }
    return env;
}

Result<SubnetEnv> SubnetEnv::readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("reading %1: %2").arg(path, file.errorString()));
    return parse(file.readAll(), path);
}

QByteArray SubnetEnv::format() const
{
    QString text;
    const auto line = [&](const char *name, const QString &value) {
        text += QLatin1String(name);
        text += u'=';
        text += value;
        text += u'\n';
    };
    if (!mNetworks.isEmpty())
        line("FLANNEL_NETWORK", joined(mNetworks));
    if (!mSubnet.isNull())
        line("FLANNEL_SUBNET", addressWithLength(mSubnet));
    if (!mIpv6Networks.isEmpty())
        line("FLANNEL_IPV6_NETWORK", joined(mIpv6Networks));
    if (!mIpv6Subnet.isNull())
        line("FLANNEL_IPV6_SUBNET", addressWithLength(mIpv6Subnet));
    if (mMtu)
        line("FLANNEL_MTU", QString::number(*mMtu));
    if (mIpMasq)
        line("FLANNEL_IPMASQ", *mIpMasq ? QStringLiteral("true") : QStringLiteral("false"));
    return text.toUtf8();
}

Status SubnetEnv::writeFile(const QString &path) const
{
    return writeFileAtomically(path, format(), 0644, 0755);
}

QStringList SubnetEnv::missingVariables() const
{
    QStringList missing;
    if (mNetworks.isEmpty() && mIpv6Networks.isEmpty())
        missing << QStringLiteral("FLANNEL_NETWORK") << QStringLiteral("FLANNEL_IPV6_NETWORK");
    if (mSubnet.isNull() && mIpv6Subnet.isNull())
        missing << QStringLiteral("FLANNEL_SUBNET") << QStringLiteral("FLANNEL_IPV6_SUBNET");
    if (!mMtu)
        missing << QStringLiteral("FLANNEL_MTU");
    if (!mIpMasq)
        missing << QStringLiteral("FLANNEL_IPMASQ");
    return missing;
}

Status SubnetEnv::requireComplete(const QString &source) const
{
    const QStringList missing = missingVariables();
    if (missing.isEmpty())
        return {};
    return Error(QStringLiteral("%1 is missing %2").arg(source, missing.join(QStringLiteral(", "))));
}

// Hand-written rather than QSaveFile: QSaveFile neither sets an exact mode on a new file (the
// saved CNI configs must be 0600 whatever the umask) nor fsyncs the directory after the rename.
Status writeFileAtomically(const QString &path, const QByteArray &contents, unsigned fileMode,
                           unsigned directoryMode)
{
    const auto fail = [&](const QString &step, int error) {
        return Error(QStringLiteral("writing %1: %2: %3").arg(path, step, systemError(error)));
    };
    if (path.isEmpty() || path.endsWith(u'/'))
        return Error(QStringLiteral("writing '%1': not a file path").arg(path));
    const QByteArray target = QFile::encodeName(path);
    const qsizetype slash = target.lastIndexOf('/');
    const QByteArray directory = slash < 0    ? QByteArray(".")
                                 : slash == 0 ? QByteArray("/")
                                              : target.left(slash);
    if (auto made = makeDirectories(directory, directoryMode); !made)
        return made.error().context(QStringLiteral("writing %1").arg(path));

    // A unique hidden name in the same directory: rename(2) is atomic only within one file system,
    // and concurrent writers (two CNI ADDs) must not share a temporary file.
    QByteArray temporary = directory + '/' + '.' + target.mid(slash + 1) + ".XXXXXX";
    const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
    if (fd < 0)
        return fail(QStringLiteral("creating a temporary file in %1").arg(QFile::decodeName(directory)),
                    errno);
    const auto abandon = [&](const QString &step) {
        const int error = errno;
        ::close(fd);
        ::unlink(temporary.constData());
        return fail(step, error);
    };
    if (::fchmod(fd, fileMode) != 0)
        return abandon(QStringLiteral("setting the mode of %1").arg(QFile::decodeName(temporary)));
    for (qsizetype written = 0; written < contents.size();) {
        const ssize_t n =
            ::write(fd, contents.constData() + written, static_cast<size_t>(contents.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return abandon(QStringLiteral("writing %1").arg(QFile::decodeName(temporary)));
        written += n;
    }
    if (::fsync(fd) != 0)
        return abandon(QStringLiteral("syncing %1").arg(QFile::decodeName(temporary)));
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(temporary.constData());
        return fail(QStringLiteral("closing %1").arg(QFile::decodeName(temporary)), error);
    }
    if (::rename(temporary.constData(), target.constData()) != 0) {
        const int error = errno;
        ::unlink(temporary.constData());
        return fail(QStringLiteral("renaming %1 over it").arg(QFile::decodeName(temporary)), error);
    }
    // The rename lives in the directory: without this a crash can bring back the old file.
    const int dirFd = ::open(directory.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd < 0)
        return fail(QStringLiteral("opening directory %1 to sync it").arg(QFile::decodeName(directory)),
                    errno);
    const int synced = ::fsync(dirFd);
    const int syncError = errno;
    ::close(dirFd);
    if (synced != 0)
        return fail(QStringLiteral("syncing directory %1").arg(QFile::decodeName(directory)), syncError);
    return {};
}

} // namespace tartan
