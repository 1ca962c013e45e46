// The SSH deploy inventory (tartanctl deploy --inventory, the app's Import Inventory) and what a
// host gets from it. Properties:
//   - a parsed inventory has hosts with a non-empty host name and a port in 1-65535;
//   - the inventory written back, one line per host with every setting spelled out, parses to
//     the same hosts;
//   - the /etc/default/tartand rendered for a host has one line per setting whatever the host's
//     iface= says, and its TARTAN_IFACE value, unquoted as a POSIX shell does, is that iface.
// The first line alone is also read as a host spec given on the command line.
#include "deployconfig.h"
#include "fuzzcheck.h"
#include "hostentry.h"

#include <QRegularExpression>
#include <QSet>

#include <cstddef>
#include <cstdint>
#include <optional>

using namespace tartan;
using namespace tartan::deploy;

namespace {

bool sameHost(const HostEntry &a, const HostEntry &b)
{
    return a.ssh.host == b.ssh.host && a.ssh.port == b.ssh.port && a.ssh.user == b.ssh.user
        && a.ssh.identityFile == b.ssh.identityFile && a.ssh.useAgent == b.ssh.useAgent
        && a.ssh.passwordPrompt == b.ssh.passwordPrompt && a.iface == b.iface;
}

QString hostSpec(const HostEntry &entry)
{
    const QString &host = entry.ssh.host;
    // Brackets for what the plain form cannot hold (an IPv6 address, blanks from the command line).
    static const QRegularExpression plain(QStringLiteral("\\A[^:\\s\\[\\]]+\\z"));
    const bool bracket = !plain.match(host).hasMatch();
    // One arg() call: a host may hold "%2" itself.
    return QStringLiteral("%1@%2:%3").arg(entry.ssh.user, bracket ? u'[' + host + u']' : host, QString::number(entry.ssh.port));
}

QString inventoryLine(const HostEntry &entry)
{
    return QStringLiteral("%1 key=%2 iface=%3 agent=%4 password=%5")
        .arg(hostSpec(entry), entry.ssh.identityFile, entry.iface, entry.ssh.useAgent ? QStringLiteral("yes") : QStringLiteral("no"),
             entry.ssh.passwordPrompt ? QStringLiteral("prompt") : QStringLiteral("none"));
}

/// The value of a POSIX single-quoted word ('...' runs joined by \'), or nullopt when `word` is
/// not one.
std::optional<QString> shellUnquote(QStringView word)
{
    QString value;
    qsizetype i = 0;
    while (i < word.size()) {
        if (word[i] == u'\\' && i + 1 < word.size() && word[i + 1] == u'\'') {
            value += u'\'';
            i += 2;
            continue;
        }
        if (word[i] != u'\'')
            return std::nullopt;
        const qsizetype end = word.indexOf(u'\'', i + 1);
        if (end < 0)
            return std::nullopt;
        value += word.sliced(i + 1, end - i - 1);
        i = end + 1;
    }
    return value;
}

void checkRendered(const HostEntry &entry)
{
    DeployConfig config;
    config.etcdEndpoints = QStringLiteral("https://10.0.0.1:2379");
    config.iface = QStringLiteral("eth0");
    const auto files = renderFiles(config, entry.iface);
    FUZZ_CHECK(files.ok());
    const QString text = QString::fromUtf8(files->defaults);
    FUZZ_CHECK(text.endsWith(u'\n'));
    const QStringList lines = text.chopped(1).split(u'\n');
    // Two comments, endpoints, iface, healthz ip and port, TARTAND_ARGS.
    FUZZ_CHECK(lines.size() == 7);
    bool sawIface = false;
    for (const QString &line : lines) {
        if (line.startsWith(u'#'))
            continue;
        const qsizetype equals = line.indexOf(u'=');
        FUZZ_CHECK(equals > 0);
        const auto value = shellUnquote(QStringView(line).sliced(equals + 1));
        FUZZ_CHECK(value.has_value());
        if (line.startsWith(QLatin1String("TARTAN_IFACE="))) {
            FUZZ_CHECK(*value == (entry.iface.isEmpty() ? config.iface : entry.iface));
            sawIface = true;
        }
    }
    FUZZ_CHECK(sawIface);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    HostEntry defaults;
    defaults.ssh.identityFile = QStringLiteral("/root/.ssh/id_ed25519");

    if (const auto host = parseHost(text.section(u'\n', 0, 0), defaults)) {
        FUZZ_CHECK(!host->ssh.host.isEmpty() && host->ssh.port >= 1 && host->ssh.port <= 65535);
        const auto again = parseHost(hostSpec(*host), defaults);
        FUZZ_CHECK(again.ok() && sameHost(*again, *host));
    }

    const auto hosts = parseInventory(text, defaults);
    if (!hosts) {
        FUZZ_CHECK(hosts.error().message().startsWith(QLatin1String("inventory")));
        return 0;
    }
    FUZZ_CHECK(!hosts->isEmpty());
    QStringList written;
    QSet<QString> rendered; // the file depends on the host's iface alone
    for (const HostEntry &entry : *hosts) {
        FUZZ_CHECK(!entry.ssh.host.isEmpty() && entry.ssh.port >= 1 && entry.ssh.port <= 65535);
        written << inventoryLine(entry);
        if (!rendered.contains(entry.iface)) {
            rendered.insert(entry.iface);
            checkRendered(entry);
        }
    }
    const auto again = parseInventory(written.join(u'\n'), defaults);
    FUZZ_CHECK(again.ok() && again->size() == hosts->size());
    for (qsizetype i = 0; i < hosts->size(); ++i)
        FUZZ_CHECK(sameHost(again->at(i), hosts->at(i)));
    return 0;
}
