#include "masqrules.h"

#include "subnetenv.h"

#include <algorithm>

namespace tartan {

namespace {

const QString kMasqComment = QStringLiteral("flanneld masq");
const QString kForwardComment = QStringLiteral("flanneld forward");
// kube-proxy marks the packets it has already NATed; masquerading them again breaks them on some
// kernels (flannel's comment: "avoid double NAT bug").
const QString kKubeProxyMark = QStringLiteral("0x4000/0x4000");

QStringList comment(const QString &text)
{
    return {QStringLiteral("-m"), QStringLiteral("comment"), QStringLiteral("--comment"), text};
}

QStringList target(const QString &name)
{
    return {QStringLiteral("-j"), name};
}

QStringList masquerade(bool randomFully)
{
    QStringList args = target(QStringLiteral("MASQUERADE"));
    if (randomFully)
        args << QStringLiteral("--random-fully");
    return args;
}

MasqRules::Chain masqChain(const IpNetwork &networkPrefix, const IpNetwork &subnetPrefix, bool randomFully)
{
    const QString n = networkPrefix.toString();
    const QString s = subnetPrefix.toString();
    const QString multicast = networkPrefix.family() == IpAddress::Family::V6 ? QStringLiteral("ff00::/8")
                                                                               : QStringLiteral("224.0.0.0/4");
    const QString name = QStringLiteral("FLANNEL-POSTRTG");
    const QString src = QStringLiteral("-s"), dst = QStringLiteral("-d"), no = QStringLiteral("!");
    MasqRules::Chain chain{QStringLiteral("nat"), QStringLiteral("POSTROUTING"), name, comment(kMasqComment) + target(name), {}};
    chain.rules = {
        // Traffic kube-proxy marked for masquerading is left to kube-proxy.
        QStringList{QStringLiteral("-m"), QStringLiteral("mark"), QStringLiteral("--mark"), kKubeProxyMark}
            + comment(kMasqComment) + target(QStringLiteral("RETURN")),
        // Pod to pod stays unNATed, inside the overlay.
        QStringList{src, n, dst, n} + comment(kMasqComment) + target(QStringLiteral("RETURN")),
        // Pods leaving the cluster network are NATed, except multicast.
        QStringList{src, n, no, dst, multicast} + comment(kMasqComment) + masquerade(randomFully),
        // External traffic arriving for this node's pods keeps its source address.
        QStringList{no, src, n, dst, s} + comment(kMasqComment) + target(QStringLiteral("RETURN")),
        // The host talking to other nodes' pods is NATed to an address they can answer.
        QStringList{no, src, n, dst, n} + comment(kMasqComment) + masquerade(randomFully),
    };
    return chain;
}

MasqRules::Chain forwardChain(const IpNetwork &networkPrefix)
{
    const QString n = networkPrefix.toString();
    const QString name = QStringLiteral("FLANNEL-FWD");
    MasqRules::Chain chain{QStringLiteral("filter"), QStringLiteral("FORWARD"), name, comment(kForwardComment) + target(name), {}};
    chain.rules = {
        QStringList{QStringLiteral("-s"), n} + comment(kForwardComment) + target(QStringLiteral("ACCEPT")),
        QStringList{QStringLiteral("-d"), n} + comment(kForwardComment) + target(QStringLiteral("ACCEPT")),
    };
    return chain;
}

// xtables_save_string (iptables 1.8): bare when only [A-Za-z0-9_-], else double-quoted with
// '"', '\\' and '\'' escaped by a backslash.
QString saveString(const QString &value)
{
    const auto plain = [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_' || c == u'-';
    };
    if (!value.isEmpty() && std::all_of(value.begin(), value.end(), plain))
        return value;
    QString quoted = QStringLiteral("\"");
    for (const QChar c : value) {
        if (c == u'"' || c == u'\\' || c == u'\'')
            quoted += u'\\';
        quoted += c;
    }
    return quoted + u'"';
}

QString ruleLine(const QString &op, const QString &chain, const QStringList &args)
{
    return op + u' ' + chain + u' ' + MasqRules::renderArgs(args);
}

// "-A CHAIN args" → "-D CHAIN args": a saved line as the restore command deleting it.
QString deleteLine(const QString &savedLine)
{
    return QStringLiteral("-D") + savedLine.mid(2);
}

QString chainOf(const QString &savedLine)
{
    return savedLine.section(u' ', 1, 1);
}

QString tablePayload(const QString &table, const QStringList &commands)
{
    return u'*' + table + u'\n' + commands.join(u'\n') + QStringLiteral("\nCOMMIT\n");
}

} // namespace

MasqRules::Saved MasqRules::Saved::parse(const QString &iptablesSaveOutput)
{
    Saved saved;
    Table *table = nullptr;
    for (const QString &line : iptablesSaveOutput.split(u'\n')) {
        if (line.startsWith(u'*'))
            table = &saved.tables[line.mid(1).trimmed()];
        else if (line.startsWith(QLatin1String("COMMIT")))
            table = nullptr;
        else if (table && line.startsWith(u':'))
            table->chains.insert(line.mid(1).section(u' ', 0, 0));
        else if (table && line.startsWith(QLatin1String("-A ")))
            table->rules << line.trimmed();
    }
    return saved;
}

qsizetype MasqRules::Saved::count(const QString &table, const QString &line) const
{
    const auto it = tables.constFind(table);
    return it == tables.cend() ? 0 : it->rules.count(line);
}

Result<MasqRules> MasqRules::create(const Options &options)
{
    if (options.network.isNull())
        return Error(QStringLiteral("iptables rules: no network"));
    if (options.ipMasq && options.subnet.family() != options.network.family())
        return Error(QStringLiteral("iptables rules for %1: the subnet '%2' is not a %3 network")
                         .arg(options.network.toString(), options.subnet.toString(), familyName(options.network.family())));
    MasqRules rules;
    rules.mOptions = options;
    if (options.ipMasq)
        rules.mChains << masqChain(options.network, options.subnet, options.randomFully);
    if (options.forward)
        rules.mChains << forwardChain(options.network);
    return rules;
}

QStringList MasqRules::tables() const
{
    QStringList names;
    for (const Chain &chain : mChains)
        if (!names.contains(chain.table))
            names << chain.table;
    return names;
}

QStringList MasqRules::saveLines(const QString &table) const
{
    QStringList lines;
    for (const Chain &chain : mChains)
        if (chain.table == table)
            lines << QStringLiteral("-N ") + chain.name;
    return lines + saveRuleLines(table);
}

QStringList MasqRules::saveRuleLines(const QString &table) const
{
    // iptables prints the built-in chains' rules before the user chains' rules.
    QStringList jumps, rules;
    for (const Chain &chain : mChains) {
        if (chain.table != table)
            continue;
        jumps << ruleLine(QStringLiteral("-A"), chain.parent, chain.jump);
        for (const QStringList &rule : chain.rules)
            rules << ruleLine(QStringLiteral("-A"), chain.name, rule);
    }
    return jumps + rules;
}

QStringList MasqRules::missing(const Saved &saved) const
{
    QStringList absent;
    for (const QString &table : tables())
        for (const QString &line : saveRuleLines(table))
            if (saved.count(table, line) == 0)
                absent << line;
    return absent;
}

QString MasqRules::ensurePayload(const Saved &saved) const
{
    QString payload;
    for (const QString &table : tables()) {
        QStringList commands;
        for (const Chain &chain : mChains)
            if (chain.table == table)
                commands << u':' + chain.name + QStringLiteral(" - [0:0]");
        for (const Chain &chain : mChains) {
            if (chain.table != table)
                continue;
            const QString jump = ruleLine(QStringLiteral("-A"), chain.parent, chain.jump);
            for (qsizetype i = saved.count(table, jump); i > 0; --i)
                commands << deleteLine(jump);
            commands << ruleLine(QStringLiteral("-I"), chain.parent + QStringLiteral(" 1"), chain.jump);
            for (const QStringList &rule : chain.rules)
                commands << ruleLine(QStringLiteral("-A"), chain.name, rule);
        }
        payload += tablePayload(table, commands);
    }
    return payload;
}

QString MasqRules::removePayload(const Saved &saved) const
{
    QString payload;
    for (const QString &table : tables()) {
        const Saved::Table present = saved.tables.value(table);
        QStringList jumps, chains;
        for (const Chain &chain : mChains) {
            if (chain.table != table)
                continue;
            for (const QString &line : present.rules) {
                const bool jumpsHere = line.endsWith(QStringLiteral(" -j ") + chain.name)
                    || line.endsWith(QStringLiteral(" -g ") + chain.name);
                if (jumpsHere && chainOf(line) != chain.name)
                    jumps << deleteLine(line);
            }
            if (present.chains.contains(chain.name))
                // Declaring the chain flushes it; a chain must be empty before -X.
                chains << u':' + chain.name + QStringLiteral(" - [0:0]") << QStringLiteral("-X ") + chain.name;
        }
        if (!jumps.isEmpty() || !chains.isEmpty())
            payload += tablePayload(table, jumps + chains);
    }
    return payload;
}

QString MasqRules::staleDeletePayload(const Saved &saved, const QList<MasqRules> &previous) const
{
    QStringList tableNames;
    for (const MasqRules &set : previous)
        for (const QString &table : set.tables())
            if (!tableNames.contains(table))
                tableNames << table;
    QString payload;
    for (const QString &table : tableNames) {
        const QStringList keep = saveRuleLines(table);
        QSet<QString> stale;
        for (const MasqRules &set : previous)
            for (const QString &line : set.saveRuleLines(table))
                if (!keep.contains(line))
                    stale.insert(line);
        // In the order iptables printed them, every copy.
        QStringList commands;
        for (const QString &line : saved.tables.value(table).rules)
            if (stale.contains(line))
                commands << deleteLine(line);
        if (!commands.isEmpty())
            payload += tablePayload(table, commands);
    }
    return payload;
}

QList<MasqRules> MasqRules::previousFromSubnetEnv(const QString &subnetEnv, IpAddress::Family family)
{
    // An unreadable file gives nothing to clean: the rules it would name cannot be known.
    const auto env = SubnetEnv::parse(subnetEnv.toUtf8());
    if (!env)
        return {};
    const bool v6 = family == IpAddress::Family::V6;
    const IpNetwork subnet = v6 ? env->ipv6Subnet() : env->subnet();
    if (subnet.isNull())
        return {};
    // The network that holds the subnet, else the first one listed.
    IpNetwork network;
    for (const IpNetwork &candidate : v6 ? env->ipv6Networks() : env->networks()) {
        if (network.isNull() || candidate.contains(subnet))
            network = candidate;
        if (candidate.contains(subnet))
            break;
    }
    if (network.isNull())
        return {};
    QList<MasqRules> sets;
    for (const bool randomFully : {true, false})
        if (auto set = create({network, subnet, true, true, randomFully}))
            sets << *set;
    return sets;
}

QString MasqRules::randomFullyProbePayload()
{
    return QStringLiteral("*nat\n"
                          ":TARTAN-RANDOM-PROBE - [0:0]\n"
                          "-A TARTAN-RANDOM-PROBE -j MASQUERADE --random-fully\n"
                          "-F TARTAN-RANDOM-PROBE\n"
                          "-X TARTAN-RANDOM-PROBE\n"
                          "COMMIT\n");
}

QString MasqRules::renderArgs(const QStringList &args)
{
    QStringList out;
    out.reserve(args.size());
    for (qsizetype i = 0; i < args.size(); ++i)
        out << (i > 0 && args[i - 1] == QLatin1String("--comment") ? saveString(args[i]) : args[i]);
    return out.join(u' ');
}

} // namespace tartan
