#include "hostentry.h"

#include <QRegularExpression>
#include <QStringTokenizer>

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
    int number = 0;
    for (QStringView line : QStringView(text).tokenize(u'\n')) {
        ++number;
        if (const qsizetype comment = line.indexOf(u'#'); comment >= 0)
            line = line.first(comment);
        // Views into the line: an inventory is read without copying it. `\s` without Unicode
        // properties is ASCII's blanks (tabs, CR of DOS line ends).
        static const QRegularExpression blanks(QStringLiteral("\\s+"));
        const QList<QStringView> words = line.trimmed().split(blanks, Qt::SkipEmptyParts);
        if (words.isEmpty())
            continue;
        auto where = [&](const QString &message) { return Error(QStringLiteral("inventory line %1: %2").arg(number).arg(message)); };
        auto entry = parseHost(words[0].toString(), defaults);
        if (!entry)
            return where(entry.error().message());
        for (qsizetype w = 1; w < words.size(); ++w) {
            const QStringView word = words[w];
            const qsizetype equals = word.indexOf(u'=');
            const QStringView key = equals < 0 ? word : word.first(equals);
            const QStringView value = equals < 0 ? QStringView() : word.sliced(equals + 1);
            if (key == u"key")
                entry->ssh.identityFile = value.toString();
            else if (key == u"iface")
                entry->iface = value.toString();
            else if (key == u"agent")
                entry->ssh.useAgent = value == u"yes" || value == u"true";
            else if (key == u"password")
                entry->ssh.passwordPrompt = value == u"prompt";
            else
                return where(QStringLiteral("unknown setting '%1' (key=, iface=, agent=, password=)").arg(word));
        }
        hosts.append(std::move(*entry));
    }
    if (hosts.isEmpty())
        return Error(QStringLiteral("inventory: no hosts"));
    return hosts;
}

} // namespace tartan::deploy
