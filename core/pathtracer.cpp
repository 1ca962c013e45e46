#include "pathtracer.h"

#include "tracerun.h"

namespace tartan {

PathTracer::PathTracer(NetworkConfig config, QList<Lease> leases, QList<NodeReport> reports)
    : mConfig(std::move(config)), mLeases(std::move(leases)), mReports(std::move(reports))
{
}

PathTrace PathTracer::trace(const IpAddress &source, const IpAddress &destination, int payload) const
{
    PathTrace out;
    const LeaseIndex index(mLeases);
    tracing::TraceRun(mConfig, index, mReports, out).trace(source, destination, payload);
    return out;
}

} // namespace tartan
