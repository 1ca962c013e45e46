#pragma once

#include "ipnetwork.h"
#include "result.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace tartan {

/// flanneld's host rules for one address family, as flannel v0.20.2 writes them, rendered as pure
/// text: no process is run here (agent/iptables.h runs the tools, agent/ipmasqupkeep.h keeps the
/// rules in place).
///
/// A set holds up to two chains of our own, each jumped to from the top of a built-in chain:
///  - nat FLANNEL-POSTRTG from POSTROUTING (--ip-masq), comment "flanneld masq":
///      -m mark --mark 0x4000/0x4000 RETURN, -s N -d N RETURN, -s N ! -d 224.0.0.0/4 MASQUERADE,
///      ! -s N -d S RETURN, ! -s N -d N MASQUERADE (ff00::/8 for IPv6; MASQUERADE --random-fully
///      where iptables supports it);
///  - filter FLANNEL-FWD from FORWARD (--iptables-forward-rules), comment "flanneld forward":
///      -s N ACCEPT, -d N ACCEPT.
///
/// Everything is rendered from that one list of rules: the iptables-restore payloads and the lines
/// `iptables -S` / iptables-save print for them. iptables 1.8.9 prints these rules exactly in the
/// order written here, with the comment through xtables_save_string (quoted only when it holds
/// anything but letters, digits, '-' and '_'), so "is the rule there" is a line comparison and the
/// check can never disagree with what was applied.
class MasqRules
{
public:
    /// One chain of ours and the jump into it.
    struct Chain
    {
        QString table;             ///< "nat" or "filter"
        QString parent;            ///< the built-in chain that jumps to it (POSTROUTING, FORWARD)
        QString name;              ///< FLANNEL-POSTRTG, FLANNEL-FWD
        QStringList jump;          ///< the parent's jump rule, as arguments after "-A PARENT"
        QList<QStringList> rules;  ///< the chain's rules in order, as arguments after "-A NAME"
    };

    struct Options
    {
        IpNetwork network;       ///< N, the cluster network; its family picks iptables or ip6tables
        IpNetwork subnet;        ///< S, this node's subnet (used by the masq rules only)
        bool ipMasq = true;      ///< --ip-masq: the nat chain
        bool forward = true;     ///< --iptables-forward-rules: the filter chain
        bool randomFully = true; ///< MASQUERADE --random-fully; only where iptables supports it
    };

    /// What iptables-save printed, per table: the chains that exist and the rule lines ("-A ...")
    /// in the order printed. The outputs of several `iptables-save -t TABLE` runs can be
    /// concatenated.
    struct Saved
    {
        struct Table
        {
            QSet<QString> chains;
            QStringList rules;
        };
        QHash<QString, Table> tables;

        static Saved parse(const QString &iptablesSaveOutput);
        /// How many times `line` is in `table` (a rule can be present in several copies).
        qsizetype count(const QString &table, const QString &line) const;
    };

    MasqRules() = default;
    /// Errors: no network; ip-masq with no subnet, or a subnet of another family than the network.
    static Result<MasqRules> create(const Options &options);

    const Options &options() const { return mOptions; }
    IpAddress::Family family() const { return mOptions.network.family(); }
    const QList<Chain> &chains() const { return mChains; }
    /// The tables our chains are in ("nat", "filter"), in the order of chains().
    QStringList tables() const;

    /// What `iptables -t TABLE -S` prints for the set in `table`, in print order: "-N CHAIN", then
    /// "-A PARENT <jump>", then "-A CHAIN <rule>" for each rule. Other rules may sit between them in
    /// the real output; saveRuleLines() leaves out the "-N" line.
    QStringList saveLines(const QString &table) const;
    QStringList saveRuleLines(const QString &table) const;

    /// The rule lines of the set (all tables) that `saved` lacks; empty when everything is in place.
    /// Like flannel, a rule counts as present wherever it sits in its chain.
    QStringList missing(const Saved &saved) const;

    /// An `iptables-restore --noflush` payload that rebuilds the whole set: declaring our chains
    /// creates or flushes them, every copy of our jump that `saved` shows is deleted and one is
    /// inserted at the top of the parent (flannel v0.20.2 inserts), then the rules are appended.
    /// Nothing else in the tables is touched. `saved` must be fresh: a stale copy count makes the
    /// restore fail (and change nothing, being one transaction per table).
    QString ensurePayload(const Saved &saved) const;
    /// A payload that deletes our chains and every rule in their table that jumps to them (-j or
    /// -g), so that the chain can go; other rules stay. Empty when `saved` shows none of ours.
    QString removePayload(const Saved &saved) const;
    /// A payload that deletes the rules of `previous` sets that `saved` shows and this set does not
    /// have: rules left by a run with another network or subnet. Empty when there are none.
    QString staleDeletePayload(const Saved &saved, const QList<MasqRules> &previous) const;

    /// The sets a previous run could have installed for the network and subnet it wrote into
    /// subnet.env (FLANNEL_NETWORK/FLANNEL_SUBNET, or the FLANNEL_IPV6_ keys), with and without
    /// --random-fully and with both chains; empty when the file names none for `family`. When
    /// FLANNEL_NETWORK lists several networks, the one holding the subnet is taken (flannel HEAD).
    static QList<MasqRules> previousFromSubnetEnv(const QString &subnetEnv, IpAddress::Family family);

    /// A payload that touches nothing in the end (it creates a scratch chain, appends a MASQUERADE
    /// --random-fully to it and deletes it in one transaction) but fails when iptables or the
    /// kernel does not know --random-fully.
    static QString randomFullyProbePayload();

    /// A rule's arguments as iptables prints them: space separated, the --comment value through
    /// xtables_save_string's quoting.
    static QString renderArgs(const QStringList &args);

private:
    Options mOptions;
    QList<Chain> mChains;
};

} // namespace tartan
