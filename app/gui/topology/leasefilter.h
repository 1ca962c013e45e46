#pragma once

#include "ipnetwork.h"
#include "lease.h"

#include <QList>
#include <QString>

namespace tartan::gui {

/// The topology's search: whitespace-separated terms, every one of which must match a node
/// (case-insensitive).
/// - A CIDR ("10.244.0.0/16", "fc00::/48") matches a node whose subnet lies inside it, or whose
///   public IP does.
/// - Digits and dots ("10.244.3", "77.12") match an IPv4 address or subnet at octet boundaries:
///   "10.244.3" finds 10.244.3.0/24 but not 10.244.30.0/24.
/// - Anything else is a substring of the public IPs, the subnet, the node name, the backend or the
///   VTEP MAC.
/// An empty filter matches everything.
class LeaseFilter
{
public:
    explicit LeaseFilter(const QString &text = {});

    bool isEmpty() const { return mTerms.isEmpty(); }
    const QString &text() const { return mText; }
    bool matches(const Lease &lease, const QString &nodeName) const;

private:
    struct Term
    {
        QString text;       // lower case
        IpNetwork network;  // set for a CIDR term
        bool dotted = false; // digits and dots only
    };

    static bool matchesTerm(const Term &term, const Lease &lease, const QString &nodeName);
    static bool containsAtOctetBoundary(const QString &haystack, const QString &term);

    QString mText;
    QList<Term> mTerms;
};

} // namespace tartan::gui
