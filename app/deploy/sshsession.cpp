#include "sshsession.h"

#include <QDir>
#include <QFileInfo>

#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

namespace tartan::deploy {

namespace {

// A channel freed on every path out.
struct Channel
{
    explicit Channel(ssh_session session) : handle(ssh_channel_new(session)) {}
    ~Channel()
    {
        if (handle) {
            if (ssh_channel_is_open(handle))
                ssh_channel_close(handle);
            ssh_channel_free(handle);
        }
    }
    ssh_channel handle;
};

// Splits what arrives on a stream into lines for the callback; the rest waits for more.
void emitLines(QByteArray &buffer, const std::function<void(const QString &)> &line, bool flush)
{
    qsizetype end;
    while ((end = buffer.indexOf('\n')) >= 0) {
        if (line)
            line(QString::fromUtf8(buffer.left(end)));
        buffer.remove(0, end + 1);
    }
    if (flush && !buffer.isEmpty()) {
        if (line)
            line(QString::fromUtf8(buffer));
        buffer.clear();
    }
}

} // namespace

SshSession::SshSession() = default;

SshSession::~SshSession()
{
    if (mSession) {
        ssh_disconnect(mSession);
        ssh_free(mSession);
    }
}

QString SshSession::lastError() const
{
    return QString::fromUtf8(ssh_get_error(mSession));
}

Status SshSession::open(const SshTarget &target, const SshCallbacks &callbacks)
{
    mWhere = QStringLiteral("%1@%2:%3").arg(target.user, target.host).arg(target.port);
    mSession = ssh_new();
    if (!mSession)
        return Error(QStringLiteral("ssh %1: cannot create a session").arg(mWhere));
    const QByteArray host = target.host.toUtf8();
    const QByteArray user = target.user.toUtf8();
    const QByteArray knownHosts =
        (target.knownHostsFile.isEmpty() ? QDir::homePath() + QStringLiteral("/.ssh/known_hosts") : target.knownHostsFile)
            .toUtf8();
    const unsigned int port = unsigned(target.port);
    const long timeout = target.timeoutSeconds;
    ssh_options_set(mSession, SSH_OPTIONS_HOST, host.constData());
    ssh_options_set(mSession, SSH_OPTIONS_PORT, &port);
    ssh_options_set(mSession, SSH_OPTIONS_USER, user.constData());
    ssh_options_set(mSession, SSH_OPTIONS_KNOWNHOSTS, knownHosts.constData());
    // The system-wide file is read too by default; only the file given is the truth here.
    ssh_options_set(mSession, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, knownHosts.constData());
    ssh_options_set(mSession, SSH_OPTIONS_TIMEOUT, &timeout);
    if (ssh_connect(mSession) != SSH_OK)
        return Error(QStringLiteral("ssh %1: cannot connect: %2").arg(mWhere, lastError()));
    if (auto checked = checkHostKey(target, callbacks); !checked)
        return checked;
    return authenticate(target, callbacks);
}

Status SshSession::checkHostKey(const SshTarget &target, const SshCallbacks &callbacks)
{
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(mSession, &key) != SSH_OK)
        return Error(QStringLiteral("ssh %1: no host key: %2").arg(mWhere, lastError()));
    unsigned char *hash = nullptr;
    size_t length = 0;
    const int hashed = ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length);
    ssh_key_free(key);
    if (hashed != 0)
        return Error(QStringLiteral("ssh %1: cannot hash the host key").arg(mWhere));
    char *text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
    mFingerprint = QString::fromLatin1(text);
    ssh_string_free_char(text);
    ssh_clean_pubkey_hash(&hash);

    switch (ssh_session_is_known_server(mSession)) {
    case SSH_KNOWN_HOSTS_OK:
        return {};
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER:
        return Error(QStringLiteral("ssh %1: REFUSED: the host key changed (now %2); this may be an attack. "
                                    "If the host was reinstalled, remove its old key from %3 and try again")
                         .arg(mWhere, mFingerprint,
                              target.knownHostsFile.isEmpty() ? QStringLiteral("~/.ssh/known_hosts") : target.knownHostsFile));
    case SSH_KNOWN_HOSTS_NOT_FOUND:
    case SSH_KNOWN_HOSTS_UNKNOWN:
        if (!callbacks.acceptUnknownKey || !callbacks.acceptUnknownKey(target.host, mFingerprint))
            return Error(QStringLiteral("ssh %1: unknown host key %2 not accepted").arg(mWhere, mFingerprint));
        if (!target.knownHostsFile.isEmpty())
            QDir().mkpath(QFileInfo(target.knownHostsFile).absolutePath());
        else
            QDir().mkpath(QDir::homePath() + QStringLiteral("/.ssh"));
        if (ssh_session_update_known_hosts(mSession) != SSH_OK)
            return Error(QStringLiteral("ssh %1: cannot record the host key: %2").arg(mWhere, lastError()));
        return {};
    case SSH_KNOWN_HOSTS_ERROR:
        break;
    }
    return Error(QStringLiteral("ssh %1: cannot check the host key: %2").arg(mWhere, lastError()));
}

Status SshSession::authenticate(const SshTarget &target, const SshCallbacks &callbacks)
{
    QStringList tried;
    if (!target.identityFile.isEmpty()) {
        tried << QStringLiteral("key %1").arg(target.identityFile);
        ssh_key key = nullptr;
        if (ssh_pki_import_privkey_file(target.identityFile.toUtf8().constData(), nullptr, nullptr, nullptr, &key) != SSH_OK)
            return Error(QStringLiteral("ssh %1: cannot read the key file %2").arg(mWhere, target.identityFile));
        const int result = ssh_userauth_publickey(mSession, nullptr, key);
        ssh_key_free(key);
        if (result == SSH_AUTH_SUCCESS)
            return {};
        if (result == SSH_AUTH_ERROR)
            return Error(QStringLiteral("ssh %1: authentication failed: %2").arg(mWhere, lastError()));
    }
    if (target.useAgent) {
        tried << QStringLiteral("ssh-agent");
        if (ssh_userauth_agent(mSession, nullptr) == SSH_AUTH_SUCCESS)
            return {};
    }
    if (target.passwordPrompt && callbacks.password) {
        tried << QStringLiteral("password");
        QString password = callbacks.password(mWhere);
        if (!password.isEmpty()) {
            QByteArray bytes = password.toUtf8();
            const int result = ssh_userauth_password(mSession, nullptr, bytes.constData());
            bytes.fill('\0');
            password.fill(QChar(u'\0'));
            if (result == SSH_AUTH_SUCCESS)
                return {};
        }
    }
    if (tried.isEmpty())
        return Error(QStringLiteral("ssh %1: no authentication method given (--identity, --ssh-agent or --password-prompt)")
                         .arg(mWhere));
    return Error(QStringLiteral("ssh %1: permission denied (tried %2)").arg(mWhere, tried.join(QStringLiteral(", "))));
}

Result<int> SshSession::run(const QString &command, const QByteArray &input,
                            const std::function<void(const QString &line)> &line)
{
    Channel channel(mSession);
    if (!channel.handle || ssh_channel_open_session(channel.handle) != SSH_OK
        || ssh_channel_request_exec(channel.handle, command.toUtf8().constData()) != SSH_OK)
        return Error(QStringLiteral("ssh %1: cannot run '%2': %3").arg(mWhere, command, lastError()));
    if (!input.isEmpty() && ssh_channel_write(channel.handle, input.constData(), uint32_t(input.size())) != int(input.size()))
        return Error(QStringLiteral("ssh %1: cannot send input to '%2': %3").arg(mWhere, command, lastError()));
    ssh_channel_send_eof(channel.handle);
    QByteArray out, err;
    char buffer[4096];
    for (;;) {
        bool any = false;
        for (int stream : {0, 1}) {
            const int n = ssh_channel_read_timeout(channel.handle, buffer, sizeof buffer, stream, 100);
            if (n == SSH_ERROR)
                return Error(QStringLiteral("ssh %1: '%2' broke off: %3").arg(mWhere, command, lastError()));
            if (n > 0) {
                any = true;
                QByteArray &target = stream ? err : out;
                target.append(buffer, n);
                emitLines(target, line, false);
            }
        }
        if (!any && ssh_channel_is_eof(channel.handle))
            break;
    }
    emitLines(out, line, true);
    emitLines(err, line, true);
    int status = -1;
    for (int i = 0; i < 50 && status < 0; ++i) {
        status = ssh_channel_get_exit_status(channel.handle);
        if (status < 0)
            ssh_channel_read_timeout(channel.handle, buffer, sizeof buffer, 0, 100);
    }
    return status;
}

Status SshSession::upload(const QByteArray &data, const QString &remotePath, int mode)
{
    sftp_session sftp = sftp_new(mSession);
    if (!sftp || sftp_init(sftp) != SSH_OK) {
        if (sftp)
            sftp_free(sftp);
        return Error(QStringLiteral("sftp %1: cannot start: %2").arg(mWhere, lastError()));
    }
    const QByteArray path = remotePath.toUtf8();
    Status status;
    sftp_file file = sftp_open(sftp, path.constData(), O_WRONLY | O_CREAT | O_TRUNC, mode_t(mode));
    if (!file) {
        status = Error(QStringLiteral("sftp %1: cannot create %2: %3").arg(mWhere, remotePath, lastError()));
    } else {
        qsizetype done = 0;
        while (done < data.size()) {
            const ssize_t n = sftp_write(file, data.constData() + done, size_t(qMin<qsizetype>(data.size() - done, 32768)));
            if (n <= 0) {
                status = Error(QStringLiteral("sftp %1: cannot write %2: %3").arg(mWhere, remotePath, lastError()));
                break;
            }
            done += n;
        }
        sftp_close(file);
        // The umask applied at creation; the mode asked for is the one wanted (0600 for keys).
        if (status && sftp_chmod(sftp, path.constData(), mode_t(mode)) != SSH_OK)
            status = Error(QStringLiteral("sftp %1: cannot chmod %2: %3").arg(mWhere, remotePath, lastError()));
    }
    sftp_free(sftp);
    return status;
}

Result<int> SshSession::httpGet(const QString &remoteHost, int remotePort, const QString &path)
{
    Channel channel(mSession);
    if (!channel.handle
        || ssh_channel_open_forward(channel.handle, remoteHost.toUtf8().constData(), remotePort, "127.0.0.1", 0) != SSH_OK)
        return 0; // nothing listens yet
    const QByteArray request = "GET " + path.toUtf8() + " HTTP/1.0\r\nHost: " + remoteHost.toUtf8() + "\r\n\r\n";
    if (ssh_channel_write(channel.handle, request.constData(), uint32_t(request.size())) != int(request.size()))
        return 0;
    QByteArray answer;
    char buffer[1024];
    for (int i = 0; i < 50 && !answer.contains("\r\n"); ++i) {
        const int n = ssh_channel_read_timeout(channel.handle, buffer, sizeof buffer, 0, 100);
        if (n < 0)
            break;
        answer.append(buffer, n);
        if (n == 0 && ssh_channel_is_eof(channel.handle))
            break;
    }
    // "HTTP/1.1 200 OK"
    const QList<QByteArray> words = answer.left(answer.indexOf('\r')).split(' ');
    return words.size() >= 2 ? words[1].toInt() : 0;
}

Status SshSession::forward(int listenFd, const QString &remoteHost, int remotePort, const std::function<bool()> &keepGoing)
{
    struct Link
    {
        int fd;
        ssh_channel channel;
        bool localEof = false;
        short revents = 0; // what the last poll() saw on fd
    };
    std::vector<Link> links;
    auto drop = [](Link &link) {
        ::close(link.fd);
        if (ssh_channel_is_open(link.channel))
            ssh_channel_close(link.channel);
        ssh_channel_free(link.channel);
    };
    auto writeAll = [](int fd, const char *data, int size) {
        while (size > 0) {
            const ssize_t n = ::write(fd, data, size_t(size));
            if (n <= 0)
                return false;
            data += n;
            size -= int(n);
        }
        return true;
    };
    const QByteArray host = remoteHost.toUtf8();
    char buffer[16384];
    Status status;
    while (keepGoing()) {
        std::vector<pollfd> fds{{listenFd, POLLIN, 0}, {ssh_get_fd(mSession), POLLIN, 0}};
        for (const Link &link : links)
            fds.push_back({link.fd, short(link.localEof ? 0 : POLLIN), 0});
        // libssh may hold data already read from its socket: poll briefly while links are open.
        ::poll(fds.data(), nfds_t(fds.size()), links.empty() ? 100 : 10);
        for (size_t i = 0; i < links.size(); ++i)
            links[i].revents = fds[i + 2].revents;
        if (fds[0].revents & POLLIN) {
            const int fd = ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd >= 0) {
                ssh_channel channel = ssh_channel_new(mSession);
                if (!channel || ssh_channel_open_forward(channel, host.constData(), remotePort, "127.0.0.1", 0) != SSH_OK) {
                    if (channel)
                        ssh_channel_free(channel);
                    ::close(fd); // the client sees the connection close: nothing listens there
                } else {
                    links.push_back({fd, channel});
                }
            }
        }
        for (size_t i = 0; i < links.size(); ++i) {
            Link &link = links[i];
            bool done = false;
            if (!link.localEof && (link.revents & (POLLIN | POLLHUP | POLLERR))) {
                const ssize_t n = ::read(link.fd, buffer, sizeof buffer);
                if (n > 0) {
                    done = ssh_channel_write(link.channel, buffer, uint32_t(n)) != int(n);
                } else {
                    link.localEof = true;
                    ssh_channel_send_eof(link.channel);
                }
            }
            int n = 0;
            while (!done && (n = ssh_channel_read_nonblocking(link.channel, buffer, sizeof buffer, 0)) > 0)
                done = !writeAll(link.fd, buffer, n);
            if (done || n < 0 || ssh_channel_is_eof(link.channel) || ssh_channel_is_closed(link.channel)) {
                drop(link);
                links.erase(links.begin() + qsizetype(i));
                --i;
            }
        }
        if (!ssh_is_connected(mSession)) {
            status = Error(QStringLiteral("ssh %1: the connection was lost while forwarding to %2:%3").arg(mWhere, remoteHost).arg(remotePort));
            break;
        }
    }
    for (Link &link : links)
        drop(link);
    return status;
}

} // namespace tartan::deploy
