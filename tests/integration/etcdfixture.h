#pragma once

#include "json.h"
#include "result.h"

#include <QList>
#include <QProcess>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

namespace tartan::test {

/// Runs Debian's `etcd` for a test: one member or a cluster of several, all on 127.0.0.1 with
/// ephemeral ports and data in a temporary directory. Members can be stopped, killed and restarted
/// with the same data dir and ports. Every wait is bounded.
///
/// Cleanup: the destructor kills every member and removes the data. Members also get SIGKILL when
/// the test process dies (PR_SET_PDEATHSIG), so a crash or a ctest time-out leaves no etcd behind.
///
/// Synchronous: the helpers spin a local event loop; use them from the test thread only.
class EtcdFixture
{
public:
    /// Server TLS for the client port (peers stay plain HTTP on loopback).
    struct TlsFiles
    {
        QString caFile;
        QString serverCertFile;
        QString serverKeyFile;
        QString clientCertFile;
        QString clientKeyFile;
    };

    EtcdFixture();
    ~EtcdFixture();
    EtcdFixture(const EtcdFixture &) = delete;
    EtcdFixture &operator=(const EtcdFixture &) = delete;

    /// The etcd binary ($TARTAN_ETCD or `etcd` on PATH), empty if there is none.
    static QString etcdBinary();
    /// Whether suites can run here; if not, `why` says what is missing. `tools` are further
    /// programs the suite needs on PATH (e.g. "openssl").
    static bool available(QString *why, const QStringList &tools = {});
    /// A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made with
    /// `openssl` in `dir`.
    static Result<TlsFiles> makeTlsFiles(const QString &dir);

    /// Starts `members` members as one new cluster and waits until every one reports healthy.
    /// `extraArgs` go to every member (e.g. "--auth-token-ttl=2"). With `tls`, the client URLs are
    /// https:// and require a client certificate.
    Status start(int members = 1, const QStringList &extraArgs = {}, const std::optional<TlsFiles> &tls = std::nullopt);

    int memberCount() const { return int(mMembers.size()); }
    QUrl clientUrl(int member) const;
    QList<QUrl> clientUrls() const;
    bool isRunning(int member) const;

    /// SIGTERM and wait (SIGKILL after 10 s).
    Status stopMember(int member);
    /// SIGKILL, as a crash would.
    Status killMember(int member);
    /// Starts a stopped member again with its data dir and ports; waits until it is healthy.
    Status restartMember(int member);
    /// Stops every member.
    void stopAll();

    /// Index of the member that is the raft leader, as the running members see it.
    Result<int> leader();

    /// POSTs `body` to `path` on `member` and returns the 200 answer's JSON (or an error with
    /// etcd's message). For setting up state the client under test is not asked to do (users, roles).
    Result<json::Json> post(int member, const QString &path, const json::Json &body, const QByteArray &token = {});

    /// The last lines etcd logged, to explain a failure.
    QString logTail(int member, int lines = 20) const;

    static constexpr std::chrono::milliseconds kStartTimeout{20000};

private:
    struct Member
    {
        QString name;
        quint16 clientPort = 0;
        quint16 peerPort = 0;
        QString dataDir;
        QString logFile;
        std::unique_ptr<QProcess> process;
    };

    QStringList arguments(int member) const;
    Status launch(int member);
    Status waitHealthy(int member, std::chrono::milliseconds timeout);
    Result<QByteArray> http(const QUrl &url, const QByteArray &body, const QByteArray &token, bool get,
                            std::chrono::milliseconds timeout, int *status = nullptr);

    QTemporaryDir mDir;
    std::vector<Member> mMembers;
    QStringList mExtraArgs;
    std::optional<TlsFiles> mTls;
    QSslConfiguration mSsl;
    QString mClusterToken;
};

} // namespace tartan::test

/// main() for an integration suite: exits 77 (ctest: skipped) with the reason when etcd, or one of
/// the further programs named after the test class, is missing.
#define TARTAN_ETCD_TEST_MAIN(TestObject, ...)                                                                         \
    int main(int argc, char *argv[])                                                                                   \
    {                                                                                                                  \
        QCoreApplication app(argc, argv);                                                                              \
        QString why;                                                                                                   \
        if (!tartan::test::EtcdFixture::available(&why, QStringList{__VA_ARGS__})) {                                   \
            std::printf("SKIP: %s\n", qPrintable(why));                                                                \
            return 77;                                                                                                 \
        }                                                                                                              \
        TestObject test;                                                                                               \
        return QTest::qExec(&test, argc, argv);                                                                        \
    }
