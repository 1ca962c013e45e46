#include "leasefilter.h"

#include "leasetext.h"

namespace tartan::gui {

namespace {

bool isDotted(const QString &term)
{
    bool digit = false;
    for (QChar c : term) {
        if (c.isDigit())
            digit = true;
        else if (c != u'.')
            return false;
    }
    return digit;
}

} // namespace

LeaseFilter::LeaseFilter(const QString &text) : mText(text.trimmed())
{
    const QStringList words = mText.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        Term term;
        term.text = word.toLower();
        if (word.contains(u'/')) {
            if (auto network = IpNetwork::parse(word))
                term.network = *network;
        }
        term.dotted = term.network.isNull() && isDotted(term.text);
        mTerms.append(term);
    }
}

bool LeaseFilter::matches(const Lease &lease, const QString &nodeName) const
{
    for (const Term &term : mTerms) {
        if (!matchesTerm(term, lease, nodeName))
            return false;
    }
    return true;
}

bool LeaseFilter::containsAtOctetBoundary(const QString &haystack, const QString &term)
{
    for (qsizetype from = haystack.indexOf(term); from >= 0; from = haystack.indexOf(term, from + 1)) {
        const qsizetype end = from + term.size();
        const bool startOk = from == 0 || haystack.at(from - 1) == u'.' || term.startsWith(u'.');
        const bool endOk = end == haystack.size() || haystack.at(end) == u'.' || haystack.at(end) == u'/' ||
                           term.endsWith(u'.');
        if (startOk && endOk)
            return true;
    }
    return false;
}

bool LeaseFilter::matchesTerm(const Term &term, const Lease &lease, const QString &nodeName)
{
    const LeaseAttrs &attrs = lease.attrs;
    if (!term.network.isNull()) {
        const IpNetwork &subnet = term.network.family() == IpAddress::Family::V4 ? lease.subnet.ipv4 : lease.subnet.ipv6;
        const IpAddress &address = term.network.family() == IpAddress::Family::V4 ? attrs.publicIp : attrs.publicIpv6;
        return (!subnet.isNull() && term.network.contains(subnet)) ||
               (!address.isNull() && term.network.contains(address));
    }
    if (term.dotted) {
        return containsAtOctetBoundary(attrs.publicIp.toString(), term.text) ||
               (!lease.subnet.ipv4.isNull() && containsAtOctetBoundary(lease.subnet.ipv4.toString(), term.text));
    }
    const auto has = [&](const QString &text) { return text.contains(term.text, Qt::CaseInsensitive); };
    if (has(attrs.publicIp.toString()) || has(attrs.publicIpv6.toString()) || has(LeaseText::subnet(lease.subnet)) ||
        has(nodeName) || has(attrs.backendName()))
        return true;
    const auto vxlan = attrs.vxlanData();
    return vxlan && has(vxlan->vtepMac.toString());
}

} // namespace tartan::gui
