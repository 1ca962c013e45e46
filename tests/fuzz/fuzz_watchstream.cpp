// The watch stream's framing: the network splits the body at any byte. Feeding the input in chunks
// cut where its first bytes say must give exactly what feeding it whole gives (the same objects,
// or an error in both).
#include "etcdwatchstream.h"
#include "fuzzcheck.h"

#include <cstddef>
#include <cstdint>

using namespace tartan;

namespace {

struct Outcome
{
    QList<QByteArray> objects;
    bool failed = false;
};

Outcome feedInChunks(QByteArrayView body, const QList<qsizetype> &cuts)
{
    EtcdWatchStream stream(4096);
    Outcome outcome;
    qsizetype from = 0;
    QList<qsizetype> ends = cuts;
    ends << body.size();
    for (qsizetype end : ends) {
        end = std::clamp(end, from, body.size());
        auto objects = stream.feed(body.sliced(from, end - from));
        from = end;
        if (!objects) {
            outcome.failed = true;
            break;
        }
        outcome.objects << *objects;
    }
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 4)
        return 0;
    // Four bytes choose up to four cut points; the rest is the body.
    const QByteArrayView body(reinterpret_cast<const char *>(data) + 4, qsizetype(size - 4));
    QList<qsizetype> cuts;
    for (int i = 0; i < 4; ++i)
        if (!body.isEmpty())
            cuts << qsizetype(data[i]) * body.size() / 256;
    std::sort(cuts.begin(), cuts.end());

    const Outcome whole = feedInChunks(body, {});
    const Outcome chunked = feedInChunks(body, cuts);
    FUZZ_CHECK(whole.failed == chunked.failed);
    // After an error the chunk that hit it yields nothing, so only error-free streams compare.
    if (!whole.failed)
        FUZZ_CHECK(whole.objects == chunked.objects);
    for (const QByteArray &object : whole.objects)
        FUZZ_CHECK(object.startsWith('{') && object.endsWith('}'));
    return 0;
}
