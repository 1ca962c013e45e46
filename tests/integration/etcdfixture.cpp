#include "etcdfixture.h"

#include "etcdcodec.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslKey>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace tartan::test {

namespace {

// Ports the kernel hands out for 127.0.0.1:0; all listeners stay open until every port is picked,
// so no two are the same.
QList<quint16> freePorts(int count)
{
    QList<std::shared_ptr<QTcpServer>> servers;
    QList<quint16> ports;
    for (int i = 0; i < count; ++i) {
        auto server = std::make_shared<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, 0))
            return {};
        ports.append(server->serverPort());
        servers.append(server);
    }
    return ports;
}

Status runOpenssl(const QStringList &arguments, const QString &dir)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForStarted(5000))
        return Error(QStringLiteral("openssl: %1").arg(process.errorString()));
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return Error(QStringLiteral("openssl %1: %2").arg(arguments.join(QLatin1Char(' ')), QString::fromLocal8Bit(process.readAll())));
    return {};
}

Status writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        return Error(QStringLiteral("%1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace

EtcdFixture::EtcdFixture()
{
    mClusterToken = QStringLiteral("tartan-test-%1-%2").arg(::getpid()).arg(quintptr(this), 0, 16);
}

EtcdFixture::~EtcdFixture()
{
    for (Member &member : mMembers) {
        if (member.process && member.process->state() != QProcess::NotRunning) {
            member.process->kill();
            member.process->waitForFinished(5000);
        }
    }
}

QString EtcdFixture::etcdBinary()
{
    const QString configured = qEnvironmentVariable("TARTAN_ETCD");
    if (!configured.isEmpty())
        return QFile::exists(configured) ? configured : QString();
    return QStandardPaths::findExecutable(QStringLiteral("etcd"));
}

bool EtcdFixture::available(QString *why, const QStringList &tools)
{
    if (etcdBinary().isEmpty()) {
        *why = QStringLiteral("etcd is not installed (Debian package etcd-server, or set TARTAN_ETCD)");
        return false;
    }
    for (const QString &tool : tools) {
        if (QStandardPaths::findExecutable(tool).isEmpty()) {
            *why = QStringLiteral("%1 is not installed").arg(tool);
            return false;
        }
    }
    return true;
}

Result<EtcdFixture::TlsFiles> EtcdFixture::makeTlsFiles(const QString &dir)
{
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        return Error(QStringLiteral("openssl is not installed"));
    const QStringList ecKey = {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                               QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    Status status = runOpenssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ecKey
                                   + QStringList{QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                                                 QStringLiteral("ca.crt"), QStringLiteral("-days"), QStringLiteral("2"),
                                                 QStringLiteral("-subj"), QStringLiteral("/CN=tartan test CA"),
                                                 QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                                                 QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
                               dir);
    if (!status)
        return status.error();
    // etcd 3.4's gateway dials its own gRPC port with the server certificate, so that one must be
    // good for client authentication too.
    const QList<std::pair<QString, QByteArray>> leaves = {
        {QStringLiteral("server"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature\n"},
        {QStringLiteral("client"), "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n"},
    };
    for (const auto &[name, extensions] : leaves) {
        status = writeFile(dir + QLatin1Char('/') + name + QStringLiteral(".ext"), extensions);
        if (!status)
            return status.error();
        status = runOpenssl(QStringList{QStringLiteral("req")} + ecKey
                                + QStringList{QStringLiteral("-keyout"), name + QStringLiteral(".key"), QStringLiteral("-out"),
                                              name + QStringLiteral(".csr"), QStringLiteral("-subj"), QStringLiteral("/CN=tartan test ") + name},
                            dir);
        if (!status)
            return status.error();
        status = runOpenssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), name + QStringLiteral(".csr"),
                             QStringLiteral("-CA"), QStringLiteral("ca.crt"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                             QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-out"),
                             name + QStringLiteral(".crt"), QStringLiteral("-extfile"), name + QStringLiteral(".ext")},
                            dir);
        if (!status)
            return status.error();
    }
    TlsFiles files;
    files.caFile = dir + QStringLiteral("/ca.crt");
    files.serverCertFile = dir + QStringLiteral("/server.crt");
    files.serverKeyFile = dir + QStringLiteral("/server.key");
    files.clientCertFile = dir + QStringLiteral("/client.crt");
    files.clientKeyFile = dir + QStringLiteral("/client.key");
    return files;
}

QUrl EtcdFixture::clientUrl(int member) const
{
    QUrl url;
    url.setScheme(mTls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    if (member >= 0 && member < memberCount())
        url.setPort(mMembers[member].clientPort);
    return url;
}

QList<QUrl> EtcdFixture::clientUrls() const
{
    QList<QUrl> urls;
    for (int i = 0; i < memberCount(); ++i)
        urls.append(clientUrl(i));
    return urls;
}

bool EtcdFixture::isRunning(int member) const
{
    return member >= 0 && member < memberCount() && mMembers[member].process
           && mMembers[member].process->state() != QProcess::NotRunning;
}

QStringList EtcdFixture::arguments(int index) const
{
    QStringList cluster;
    for (const Member &member : mMembers)
        cluster.append(QStringLiteral("%1=http://127.0.0.1:%2").arg(member.name).arg(member.peerPort));
    const Member &member = mMembers[index];
    const QString clientUrl = this->clientUrl(index).toString();
    const QString peerUrl = QStringLiteral("http://127.0.0.1:%1").arg(member.peerPort);
    QStringList args = {
        QStringLiteral("--name=") + member.name,
        QStringLiteral("--data-dir=") + member.dataDir,
        QStringLiteral("--listen-client-urls=") + clientUrl,
        QStringLiteral("--advertise-client-urls=") + clientUrl,
        QStringLiteral("--listen-peer-urls=") + peerUrl,
        QStringLiteral("--initial-advertise-peer-urls=") + peerUrl,
        QStringLiteral("--initial-cluster=") + cluster.join(QLatin1Char(',')),
        QStringLiteral("--initial-cluster-token=") + mClusterToken,
        QStringLiteral("--initial-cluster-state=new"),
        QStringLiteral("--logger=zap"),
        QStringLiteral("--log-outputs=stderr"),
    };
    if (mTls) {
        args += {QStringLiteral("--cert-file=") + mTls->serverCertFile, QStringLiteral("--key-file=") + mTls->serverKeyFile,
                 QStringLiteral("--trusted-ca-file=") + mTls->caFile, QStringLiteral("--client-cert-auth")};
    }
    return args + mExtraArgs;
}

Status EtcdFixture::launch(int index)
{
    Member &member = mMembers[index];
    member.process = std::make_unique<QProcess>();
    member.process->setProgram(etcdBinary());
    member.process->setArguments(arguments(index));
    member.process->setStandardOutputFile(member.logFile, QIODevice::Append);
    member.process->setStandardErrorFile(member.logFile, QIODevice::Append);
    // The member dies with the test process, whatever kills it.
    member.process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    member.process->start();
    if (!member.process->waitForStarted(5000))
        return Error(QStringLiteral("etcd %1: cannot start %2: %3").arg(member.name, etcdBinary(), member.process->errorString()));
    return {};
}

Status EtcdFixture::start(int members, const QStringList &extraArgs, const std::optional<TlsFiles> &tls)
{
    if (!mDir.isValid())
        return Error(QStringLiteral("temporary directory: %1").arg(mDir.errorString()));
    if (!mMembers.empty())
        return Error(QStringLiteral("etcd fixture already started"));
    mExtraArgs = extraArgs;
    mTls = tls;
    if (tls) {
        mSsl = QSslConfiguration::defaultConfiguration();
        mSsl.setCaCertificates(QSslCertificate::fromPath(tls->caFile));
        mSsl.setLocalCertificate(QSslCertificate::fromPath(tls->clientCertFile).value(0));
        QFile key(tls->clientKeyFile);
        if (!key.open(QIODevice::ReadOnly))
            return Error(QStringLiteral("%1: %2").arg(tls->clientKeyFile, key.errorString()));
        mSsl.setPrivateKey(QSslKey(key.readAll(), QSsl::Ec));
    }
    const QList<quint16> ports = freePorts(2 * members);
    if (ports.size() != 2 * members)
        return Error(QStringLiteral("no free loopback ports"));
    for (int i = 0; i < members; ++i) {
        Member member;
        member.name = QStringLiteral("m%1").arg(i);
        member.clientPort = ports[2 * i];
        member.peerPort = ports[2 * i + 1];
        member.dataDir = mDir.filePath(member.name + QStringLiteral(".etcd"));
        member.logFile = mDir.filePath(member.name + QStringLiteral(".log"));
        mMembers.push_back(std::move(member));
    }
    for (int i = 0; i < members; ++i) {
        Status launched = launch(i);
        if (!launched)
            return launched;
    }
    for (int i = 0; i < members; ++i) {
        Status healthy = waitHealthy(i, kStartTimeout);
        if (!healthy)
            return healthy;
    }
    return {};
}

Status EtcdFixture::waitHealthy(int index, std::chrono::milliseconds timeout)
{
    QDeadlineTimer deadline(timeout);
    QUrl url = clientUrl(index);
    url.setPath(QStringLiteral("/health"));
    QString last;
    while (!deadline.hasExpired()) {
        if (!isRunning(index))
            return Error(QStringLiteral("etcd %1 exited while starting:\n%2").arg(mMembers[index].name, logTail(index)));
        int status = 0;
        auto body = http(url, {}, {}, true, std::chrono::milliseconds(2000), &status);
        if (body && status == 200 && body->contains("\"health\":\"true\""))
            return {};
        last = body ? QString::fromUtf8(*body) : body.error().message();
        QThread::msleep(100);
    }
    return Error(QStringLiteral("etcd %1 not healthy within %2 ms (last answer: %3):\n%4")
                     .arg(mMembers[index].name)
                     .arg(timeout.count())
                     .arg(last, logTail(index)));
}

Status EtcdFixture::stopMember(int member)
{
    if (!isRunning(member))
        return {};
    QProcess &process = *mMembers[member].process;
    process.terminate();
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished(5000);
    }
    return isRunning(member) ? Status(Error(QStringLiteral("etcd %1 does not stop").arg(mMembers[member].name))) : Status();
}

Status EtcdFixture::killMember(int member)
{
    if (!isRunning(member))
        return {};
    QProcess &process = *mMembers[member].process;
    process.kill();
    process.waitForFinished(5000);
    return isRunning(member) ? Status(Error(QStringLiteral("etcd %1 does not die").arg(mMembers[member].name))) : Status();
}

Status EtcdFixture::restartMember(int member)
{
    if (member < 0 || member >= memberCount())
        return Error(QStringLiteral("no member %1").arg(member));
    if (isRunning(member))
        return Error(QStringLiteral("etcd %1 is still running").arg(mMembers[member].name));
    Status launched = launch(member);
    if (!launched)
        return launched;
    return waitHealthy(member, kStartTimeout);
}

void EtcdFixture::stopAll()
{
    for (int i = 0; i < memberCount(); ++i)
        (void)stopMember(i);
}

Result<int> EtcdFixture::leader()
{
    QString problems;
    for (int i = 0; i < memberCount(); ++i) {
        if (!isRunning(i))
            continue;
        auto status = post(i, QStringLiteral("/v3/maintenance/status"), json::Json::object());
        if (!status) {
            problems += status.error().message() + QLatin1Char('\n');
            continue;
        }
        auto leaderId = etcd::codec::uint64Field(*status, "leader");
        if (!leaderId || *leaderId == 0)
            continue;
        // Find which member has that id: ask each for its own.
        for (int j = 0; j < memberCount(); ++j) {
            if (!isRunning(j))
                continue;
            auto other = post(j, QStringLiteral("/v3/maintenance/status"), json::Json::object());
            if (!other || !other->contains("header"))
                continue;
            auto memberId = etcd::codec::decodeHeader((*other)["header"]);
            if (memberId && memberId->memberId == *leaderId)
                return j;
        }
    }
    return Error(QStringLiteral("no leader among the running members\n%1").arg(problems));
}

Result<json::Json> EtcdFixture::post(int member, const QString &path, const json::Json &body, const QByteArray &token)
{
    QUrl url = clientUrl(member);
    url.setPath(path);
    int status = 0;
    auto answer = http(url, QByteArray::fromStdString(body.dump()), token, false, std::chrono::milliseconds(10000), &status);
    if (!answer)
        return answer.error();
    auto parsed = json::parse(*answer, url.toString());
    if (!parsed)
        return parsed.error();
    if (status != 200)
        return Error(QStringLiteral("%1: HTTP %2: %3").arg(url.toString()).arg(status).arg(etcd::codec::errorMessage(*parsed)));
    return parsed;
}

Result<QByteArray> EtcdFixture::http(const QUrl &url, const QByteArray &body, const QByteArray &token, bool get,
                                     std::chrono::milliseconds timeout, int *status)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (mTls)
        request.setSslConfiguration(mSsl);
    if (!token.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), token);
    QNetworkReply *reply = get ? nam.get(request) : nam.post(request, body);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, reply, &QNetworkReply::abort);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(timeout);
    if (!reply->isFinished())
        loop.exec();
    reply->deleteLater();
    const QVariant code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!code.isValid())
        return Error(QStringLiteral("%1: %2").arg(url.toString(), reply->errorString()));
    if (status)
        *status = code.toInt();
    return reply->readAll();
}

QString EtcdFixture::logTail(int member, int lines) const
{
    if (member < 0 || member >= memberCount())
        return QString();
    QFile file(mMembers[member].logFile);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    const QList<QByteArray> all = file.readAll().split('\n');
    return QString::fromUtf8(all.mid(std::max<qsizetype>(0, all.size() - lines - 1)).join('\n'));
}

} // namespace tartan::test
