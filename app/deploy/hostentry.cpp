#include "hostentry.h"

#include <QRegularExpression>

namespace tartan::deploy {

Result<HostEntry> parseHost(const QString &text, const HostEntry &defaults)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:\s\[\]]+)(?::(\d+))?$)"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return Error(QStringLiteral("host '%1': expected [user@]host[:port]").arg(text));
    HostEntry entry = defaults;
    if (match.hasCaptured(1))
        entry.ssh.user = match.captured(1);
    entry.ssh.host = match.captured(2);
    if (entry.ssh.host.startsWith(QLatin1Char('[')))
        entry.ssh.host = entry.ssh.host.mid(1, entry.ssh.host.size() - 2);
    if (match.hasCaptured(3)) {
        const int port = match.captured(3).toInt();
        if (port < 1 || port > 65535)
            return Error(QStringLiteral("host '%1': port must be 1-65535").arg(text));
        entry.ssh.port = port;
    }
    return entry;
}

Result<QList<HostEntry>> parseInventory(const QString &text, const HostEntry &defaults)
{
    QList<HostEntry> hosts;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].section(QLatin1Char('#'), 0, 0).trimmed();
        if (line.isEmpty())
            continue;
        static const QRegularExpression blanks(QStringLiteral("\\s+"));
        const QStringList words = line.split(blanks);
        auto where = [&](const QString &message) { return Error(QStringLiteral("inventory line %1: %2").arg(i + 1).arg(message)); };
        auto entry = parseHost(words[0], defaults);
        if (!entry)
            return where(entry.error().message());
        for (const QString &word : words.mid(1)) {
            const QString key = word.section(QLatin1Char('='), 0, 0);
            const QString value = word.section(QLatin1Char('='), 1);
            if (key == u"key")
                entry->ssh.identityFile = value;
            else if (key == u"iface")
                entry->iface = value;
            else if (key == u"agent")
                entry->ssh.useAgent = value == u"yes" || value == u"true";
            else if (key == u"password")
                entry->ssh.passwordPrompt = value == u"prompt";
            else
                return where(QStringLiteral("unknown setting '%1' (key=, iface=, agent=, password=)").arg(word));
        }
        hosts << *entry;
    }
    if (hosts.isEmpty())
        return Error(QStringLiteral("inventory: no hosts"));
    return hosts;
}

} // namespace tartan::deploy
