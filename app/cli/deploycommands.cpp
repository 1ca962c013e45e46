#include "deploycommands.h"

#include "commandcontext.h"
#include "deployrunner.h"
#include "texttable.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace tartan::cli {

namespace {

using namespace tartan::deploy;

const QString kUser = QStringLiteral("user");
const QString kPort = QStringLiteral("port");
const QString kIdentity = QStringLiteral("identity");
const QString kSshAgent = QStringLiteral("ssh-agent");
const QString kPasswordPrompt = QStringLiteral("password-prompt");
const QString kKnownHosts = QStringLiteral("known-hosts");
const QString kAcceptNew = QStringLiteral("accept-new-host-keys");
const QString kInventory = QStringLiteral("inventory");
const QString kPackage = QStringLiteral("package");
const QString kIface = QStringLiteral("iface");
const QString kIpMasq = QStringLiteral("ip-masq");
const QString kHealthzPort = QStringLiteral("healthz-port");
const QString kAgentFlag = QStringLiteral("agent-flag");
const QString kParallel = QStringLiteral("parallel");
const QString kRemoteRoot = QStringLiteral("remote-root");

// Reads one line from the terminal (not stdin, which may be a pipe); no echo for secrets.
QString askTerminal(const QString &prompt, bool secret)
{
    FILE *tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return {};
    std::fprintf(tty, "%s", prompt.toLocal8Bit().constData());
    std::fflush(tty);
    termios saved{};
    const bool hide = secret && tcgetattr(fileno(tty), &saved) == 0;
    if (hide) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(fileno(tty), TCSANOW, &quiet);
    }
    char buffer[512] = {};
    const bool read = std::fgets(buffer, sizeof buffer, tty) != nullptr;
    if (hide) {
        tcsetattr(fileno(tty), TCSANOW, &saved);
        std::fprintf(tty, "\n");
    }
    std::fclose(tty);
    QString answer = read ? QString::fromLocal8Bit(buffer).trimmed() : QString();
    std::fill(std::begin(buffer), std::end(buffer), '\0');
    return answer;
}

Result<int> intOption(const QCommandLineParser &parser, const QString &name, int fallback, int min, int max)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < min || value > max)
        return Error(QStringLiteral("--%1: must be a whole number from %2 to %3, got '%4'").arg(name).arg(min).arg(max).arg(parser.value(name)));
    return value;
}

} // namespace

void addDeployOptions(QCommandLineParser &parser)
{
    auto add = [&](const QString &name, const char *help, const char *value = nullptr) {
        parser.addOption(value ? QCommandLineOption(name, QString::fromLatin1(help), QString::fromLatin1(value))
                               : QCommandLineOption(name, QString::fromLatin1(help)));
    };
    add(kUser, "deploy: SSH user (default root; others need passwordless sudo).", "USER");
    add(kPort, "deploy: SSH port (default 22).", "PORT");
    add(kIdentity, "deploy: SSH private key file.", "FILE");
    add(kSshAgent, "deploy: use the keys of the ssh-agent ($SSH_AUTH_SOCK).");
    add(kPasswordPrompt, "deploy: ask for the SSH password on the terminal (never stored).");
    add(kKnownHosts, "deploy: known_hosts file (default ~/.ssh/known_hosts).", "FILE");
    add(kAcceptNew, "deploy: record unknown host keys without asking (a changed key is still refused).");
    add(kInventory, "deploy: hosts from FILE, one per line: [user@]host[:port] [key=FILE] [iface=NAME].", "FILE");
    add(kPackage, "deploy: the tartand .deb to install.", "FILE");
    add(kIface, "deploy: the agent's --iface on every host (inventory iface= wins).", "NAME");
    add(kIpMasq, "deploy: the agent's --ip-masq.");
    add(kHealthzPort, "deploy: the agent's health port, checked over SSH (default 8475).", "PORT");
    add(kAgentFlag, "deploy: one more tartand flag, e.g. --agent-flag=--v=2 (repeatable).", "FLAG");
    add(kParallel, "deploy: hosts at a time (default 4).", "N");
    QCommandLineOption root(kRemoteRoot, QStringLiteral("tests: install under DIR/HOST on each host, without dpkg or systemd."),
                            QStringLiteral("DIR"));
    root.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(root);
}

int runDeployCommand(CommandContext &context, const QCommandLineParser &parser, const QString &command,
                     const QStringList &arguments)
{
    const bool deploying = command == u"deploy";
    HostEntry defaults;
    if (parser.isSet(kUser))
        defaults.ssh.user = parser.value(kUser);
    auto port = intOption(parser, kPort, 22, 1, 65535);
    auto healthz = intOption(parser, kHealthzPort, 8475, 0, 65535);
    auto parallel = intOption(parser, kParallel, 4, 1, 64);
    for (const auto *checked : {&port, &healthz, &parallel})
        if (!*checked)
            return context.fail(kBadInput, checked->error().message());
    defaults.ssh.port = *port;
    defaults.ssh.identityFile = parser.value(kIdentity);
    defaults.ssh.useAgent = parser.isSet(kSshAgent);
    defaults.ssh.passwordPrompt = parser.isSet(kPasswordPrompt);
    defaults.ssh.knownHostsFile = parser.value(kKnownHosts);

    QList<HostEntry> hosts;
    if (parser.isSet(kInventory)) {
        QFile file(parser.value(kInventory));
        if (!file.open(QIODevice::ReadOnly))
            return context.fail(kBadInput, QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        auto parsed = parseInventory(QString::fromUtf8(file.readAll()), defaults);
        if (!parsed)
            return context.fail(kBadInput, parsed.error().message());
        hosts = *parsed;
    }
    for (const QString &argument : arguments) {
        auto host = parseHost(argument, defaults);
        if (!host)
            return context.fail(kBadInput, host.error().message());
        hosts << *host;
    }
    if (hosts.isEmpty())
        return context.fail(kBadInput, QStringLiteral("%1: no hosts given (HOST... or --inventory FILE)").arg(command));

    DeployConfig config;
    config.packageFile = parser.value(kPackage);
    if (deploying && config.packageFile.isEmpty())
        return context.fail(kBadInput, QStringLiteral("deploy: --package FILE (the tartand .deb) is required"));
    const OptionSource &options = context.options();
    // Only what was given: the agent's own defaults stay the agent's.
    auto given = [&](const char *flag) {
        const QString name = QString::fromLatin1(flag);
        return options.isSet(name) ? options.value(name) : QString();
    };
    config.etcdEndpoints = given("etcd-endpoints");
    config.etcdPrefix = given("etcd-prefix");
    config.etcdCaFile = given("etcd-cafile");
    config.etcdCertFile = given("etcd-certfile");
    config.etcdKeyFile = given("etcd-keyfile");
    config.iface = parser.value(kIface);
    config.ipMasq = parser.isSet(kIpMasq);
    config.healthzPort = *healthz;
    config.extraFlags = parser.values(kAgentFlag);
    // Tests run several "hosts" on one filesystem: one root per host.
    if (parser.isSet(kRemoteRoot))
        for (HostEntry &host : hosts)
            host.remoteRoot = parser.value(kRemoteRoot) + QLatin1Char('/') + host.ssh.host;

    // One prompt at a time, and progress lines whole, from the pool's threads.
    QMutex mutex;
    const bool acceptNew = parser.isSet(kAcceptNew);
    SshCallbacks callbacks;
    callbacks.acceptUnknownKey = [&](const QString &host, const QString &fingerprint) {
        QMutexLocker lock(&mutex);
        if (acceptNew) {
            context.warn(QStringLiteral("%1: recording new host key %2").arg(host, fingerprint));
            return true;
        }
        const QString answer = askTerminal(
            QStringLiteral("The authenticity of host %1 can't be established.\nKey fingerprint is %2.\n"
                           "Accept it and record it in known_hosts (yes/no)? ").arg(host, fingerprint), false);
        return answer == u"yes";
    };
    callbacks.password = [&](const QString &userAtHost) {
        QMutexLocker lock(&mutex);
        return askTerminal(QStringLiteral("%1's password: ").arg(userAtHost), true);
    };
    auto log = [&](const QString &host, const QString &line) {
        QMutexLocker lock(&mutex);
        context.warn(QStringLiteral("%1: %2").arg(host, line));
    };

    DeployRunner runner(config, callbacks, log, *parallel);
    const auto results = runner.run(deploying ? DeployRunner::Action::Deploy : DeployRunner::Action::Undeploy, hosts);

    bool allOk = true;
    QJsonArray rows;
    TextTable table({QStringLiteral("HOST"), QStringLiteral("RESULT"), QStringLiteral("TIME"), QStringLiteral("DETAIL")});
    for (const HostResult &result : results) {
        allOk = allOk && result.outcome != HostResult::Outcome::Failed;
        const QString outcome = outcomeName(result.outcome);
        table.addRow({result.host, outcome, QStringLiteral("%1s").arg(result.elapsedMs / 1000.0, 0, 'f', 1), result.detail});
        rows.append(QJsonObject{{QStringLiteral("host"), result.host},
                                {QStringLiteral("result"), outcome},
                                {QStringLiteral("ms"), result.elapsedMs},
                                {QStringLiteral("detail"), result.detail}});
    }
    context.out(context.json() ? QString::fromUtf8(QJsonDocument(rows).toJson()) : table.toString());
    return allOk ? kOk : kBadInput;
}

} // namespace tartan::cli
