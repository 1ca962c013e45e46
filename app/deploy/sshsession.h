#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <functional>

struct ssh_session_struct;

namespace tartan::deploy {

/// How to reach one host over SSH. The password is never part of it: it is asked through
/// SshCallbacks::password when the server wants one, used once and dropped.
struct SshTarget
{
    QString host;
    int port = 22;
    QString user = QStringLiteral("root");
    QString identityFile; ///< private key file; empty: none
    bool useAgent = false;  ///< try the keys of $SSH_AUTH_SOCK's agent
    bool passwordPrompt = false; ///< allow password authentication (asks the callback)
    QString knownHostsFile;  ///< empty: ~/.ssh/known_hosts
    int timeoutSeconds = 15;
};

/// What the session asks the caller. Called on the session's thread: the caller serializes.
struct SshCallbacks
{
    /// An unknown host key: return true to accept it (it is then recorded in the known_hosts file).
    std::function<bool(const QString &host, const QString &fingerprint)> acceptUnknownKey;
    /// The password for user@host; empty: give up.
    std::function<QString(const QString &userAtHost)> password;
};

/// One SSH connection to one host, owned by one thread at a time (libssh sessions are not shared
/// between threads). Commands, SFTP uploads and port forwards all go over this one connection.
class SshSession
{
public:
    SshSession();
    ~SshSession();
    SshSession(const SshSession &) = delete;
    SshSession &operator=(const SshSession &) = delete;

    /// Connects, checks the host key against the known_hosts file (a changed key is refused with
    /// its fingerprint, an unknown one needs acceptUnknownKey) and authenticates: key file, then
    /// agent, then password, as enabled in `target`.
    Status open(const SshTarget &target, const SshCallbacks &callbacks);

    /// Runs `command` (with `input` on its stdin, then EOF); each line of stdout and stderr goes
    /// to `line` as it arrives. The remote exit status, or an error if the channel failed.
    Result<int> run(const QString &command, const QByteArray &input,
                    const std::function<void(const QString &line)> &line);

    /// Writes `data` to `remotePath` over SFTP with permission bits `mode`.
    Status upload(const QByteArray &data, const QString &remotePath, int mode);

    /// One HTTP GET to host:port as seen from the remote side, through a direct-tcpip channel.
    /// The status code (0 when the port did not answer).
    Result<int> httpGet(const QString &remoteHost, int remotePort, const QString &path);

    /// Local port forwarding: accepts connections on `listenFd` (a listening socket the caller
    /// made) and carries each one over its own direct-tcpip channel to remoteHost:remotePort as seen
    /// from the remote side, in both directions, until `keepGoing` returns false (polled every
    /// ~100 ms) or the connection is lost (an error). Blocks; the caller closes `listenFd`.
    Status forward(int listenFd, const QString &remoteHost, int remotePort, const std::function<bool()> &keepGoing);

    /// The server key's SHA256 fingerprint ("SHA256:..."), once connected.
    QString fingerprint() const { return mFingerprint; }

private:
    Status checkHostKey(const SshTarget &target, const SshCallbacks &callbacks);
    Status authenticate(const SshTarget &target, const SshCallbacks &callbacks);
    QString lastError() const;

    ssh_session_struct *mSession = nullptr;
    QString mWhere; ///< "user@host:port", for messages
    QString mFingerprint;
};

} // namespace tartan::deploy
