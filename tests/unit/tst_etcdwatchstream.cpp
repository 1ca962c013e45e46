// The framing of etcd's watch stream (EtcdWatchStream) and the decoding of its responses
// (etcd::codec::decodeWatchResponse), on bodies shaped as etcd 3.4.23's gateway writes them.
#include "etcdcodec.h"
#include "etcdwatchstream.h"

#include <QTest>

using namespace tartan;

namespace {

// Three responses as captured from etcd 3.4.23: created, a batch of events, a compaction cancel.
// Strings hold braces, brackets and escaped quotes to try the splitter's string handling.
const QByteArray kCreated = R"({"result":{"header":{"cluster_id":"324952591200643719","member_id":"3319814642761637952","revision":"5","raft_term":"2"},"created":true}})";
const QByteArray kEvents = R"({"result":{"header":{"revision":"6"},"events":[{"kv":{"key":"YQ==","create_revision":"4","mod_revision":"6","version":"2","value":"MQ=="},"prev_kv":{"key":"YQ==","create_revision":"4","mod_revision":"4","version":"1","value":"YmFy"}},{"kv":{"key":"Yw==","create_revision":"6","mod_revision":"6","version":"1","value":"Mg=="}},{"type":"DELETE","kv":{"key":"Yg==","mod_revision":"6"}}]}})";
// Plain literals here: moc mis-tokenizes raw strings that contain backslash-quote.
const QByteArray kTricky = "{\"result\":{\"header\":{\"revision\":\"7\"},\"cancel_reason\":\"odd } ] { [ \\\" \\\\ \\\\\\\" text\",\"canceled\":true,\"compact_revision\":\"3\"}}";

QByteArray body()
{
    return kCreated + '\n' + kEvents + '\n' + kTricky + '\n';
}

Result<etcd::WatchResponse> decode(const QByteArray &text)
{
    auto parsed = json::parse(text, QStringLiteral("test"));
    if (!parsed)
        return parsed.error();
    return etcd::codec::decodeWatchResponse(*parsed);
}

} // namespace

class TestEtcdWatchStream : public QObject
{
    Q_OBJECT
private slots:
    void wholeBodyInOneChunk()
    {
        EtcdWatchStream stream;
        const auto objects = stream.feed(body());
        QVERIFY(objects.ok());
        QCOMPARE(objects->size(), 3);
        QCOMPARE(objects->at(0), kCreated);
        QCOMPARE(objects->at(1), kEvents);
        QCOMPARE(objects->at(2), kTricky);
        QCOMPARE(stream.pendingBytes(), 0);
    }

    // Every split point of the body into two chunks yields the same three objects.
    void splitAtEveryByte()
    {
        const QByteArray all = body();
        for (qsizetype cut = 0; cut <= all.size(); ++cut) {
            EtcdWatchStream stream;
            QList<QByteArray> objects;
            for (const QByteArray &chunk : {all.left(cut), all.mid(cut)}) {
                auto some = stream.feed(chunk);
                QVERIFY2(some.ok(), qPrintable(QStringLiteral("cut %1").arg(cut)));
                objects += *some;
            }
            QCOMPARE(objects, (QList<QByteArray>{kCreated, kEvents, kTricky}));
        }
    }

    void oneByteAtATime()
    {
        const QByteArray all = body();
        EtcdWatchStream stream;
        QList<QByteArray> objects;
        for (char c : all) {
            auto some = stream.feed(QByteArrayView(&c, 1));
            QVERIFY(some.ok());
            objects += *some;
        }
        QCOMPARE(objects, (QList<QByteArray>{kCreated, kEvents, kTricky}));
    }

    void noSeparatorAndCrlf()
    {
        EtcdWatchStream stream;
        const auto objects = stream.feed(kCreated + kEvents + "\r\n \t" + kTricky);
        QVERIFY(objects.ok());
        QCOMPARE(objects->size(), 3);
    }

    void rejectsGarbageBetweenObjects_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("text") << QByteArray("Not Found");
        QTest::newRow("array") << QByteArray("[1]");
        QTest::newRow("after object") << kCreated + "x";
        QTest::newRow("stray close") << QByteArray("}");
    }
    void rejectsGarbageBetweenObjects()
    {
        QFETCH(QByteArray, text);
        EtcdWatchStream stream;
        const auto objects = stream.feed(text);
        QVERIFY(!objects.ok());
        QVERIFY2(objects.error().message().contains(QLatin1String("between objects")), qPrintable(objects.error().message()));
        // Stays failed until reset.
        QVERIFY(!stream.feed(kCreated).ok());
        stream.reset();
        const auto again = stream.feed(kCreated);
        QVERIFY(again.ok());
        QCOMPARE(again->size(), 1);
    }

    // Found by fuzz_watchstream: "{]" used to pass as a complete object.
    void rejectsMismatchedBrackets_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("bracket closes brace") << QByteArray(" {]") << "']' at offset 2 closes a '{'";
        QTest::newRow("brace closes bracket") << QByteArray(R"({"a":[1}})") << "'}' at offset 7 closes a '['";
        QTest::newRow("too deep") << QByteArray("{") + QByteArray(600, '[') << "nests deeper than 512 levels";
    }
    void rejectsMismatchedBrackets()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        EtcdWatchStream stream;
        const auto objects = stream.feed(body);
        QVERIFY(!objects.ok());
        QVERIFY2(objects.error().message().contains(message), qPrintable(objects.error().message()));
    }

    void boundsObjectSize()
    {
        EtcdWatchStream stream(64);
        QVERIFY(stream.feed(QByteArray("{\"a\":\"")).ok());
        const auto objects = stream.feed(QByteArray(100, 'x'));
        QVERIFY(!objects.ok());
        QVERIFY2(objects.error().message().contains(QLatin1String("exceeds 64 bytes")), qPrintable(objects.error().message()));
    }

    void decodesCreated()
    {
        const auto response = decode(kCreated);
        QVERIFY2(response.ok(), qPrintable(response.ok() ? QString() : response.error().message()));
        QVERIFY(response->created);
        QVERIFY(!response->canceled);
        QCOMPARE(response->header.revision, 5);
        QCOMPARE(response->header.clusterId, 324952591200643719ULL);
        QCOMPARE(response->header.memberId, 3319814642761637952ULL);
        QCOMPARE(response->header.raftTerm, 2ULL);
        QVERIFY(response->events.isEmpty());
    }

    // Every event of a response, with PUT being the omitted default type.
    void decodesEveryEvent()
    {
        const auto response = decode(kEvents);
        QVERIFY2(response.ok(), qPrintable(response.ok() ? QString() : response.error().message()));
        QCOMPARE(response->events.size(), 3);
        const etcd::Event &first = response->events[0];
        QCOMPARE(first.type, etcd::Event::Type::Put);
        QCOMPARE(first.kv.key, QByteArray("a"));
        QCOMPARE(first.kv.value, QByteArray("1"));
        QCOMPARE(first.kv.createRevision, 4);
        QCOMPARE(first.kv.modRevision, 6);
        QCOMPARE(first.kv.version, 2);
        QVERIFY(first.prevKv.has_value());
        QCOMPARE(first.prevKv->value, QByteArray("bar"));
        QCOMPARE(response->events[1].kv.key, QByteArray("c"));
        QVERIFY(!response->events[1].prevKv.has_value());
        const etcd::Event &deleted = response->events[2];
        QCOMPARE(deleted.type, etcd::Event::Type::Delete);
        QCOMPARE(deleted.kv.key, QByteArray("b"));
        QCOMPARE(deleted.kv.modRevision, 6);
        QCOMPARE(deleted.kv.version, 0);
    }

    void decodesCompaction()
    {
        const auto response = decode(kTricky);
        QVERIFY(response.ok());
        QVERIFY(response->canceled);
        QCOMPARE(response->compactRevision, 3);
        QCOMPARE(response->cancelReason, QByteArray("odd } ] { [ \" \\ \\\" text"));
    }

    // Empty responses (progress notifications) are valid and carry only the header.
    void decodesProgress()
    {
        const auto response = decode(R"({"result":{"header":{"revision":"9"}}})");
        QVERIFY(response.ok());
        QVERIFY(!response->created && !response->canceled);
        QCOMPARE(response->header.revision, 9);
        QCOMPARE(response->watchId, 0);
        QVERIFY(response->events.isEmpty());
        const auto all = decode(R"({"result":{"header":{"revision":"9"},"watch_id":"-1"}})");
        QVERIFY(all.ok());
        QCOMPARE(all->watchId, -1);
    }

    void decodesNumbersAsWellAsStrings()
    {
        const auto response = decode(R"({"result":{"header":{"revision":12},"events":[{"type":1,"kv":{"key":"YQ==","mod_revision":12}}]}})");
        QVERIFY(response.ok());
        QCOMPARE(response->header.revision, 12);
        QCOMPARE(response->events.value(0).type, etcd::Event::Type::Delete);
    }

    void decodeErrors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("stream error") << QByteArray(R"({"error":{"grpc_code":14,"http_code":503,"message":"etcdserver: no leader","http_status":"Service Unavailable"}})")
                                      << "etcdserver: no leader";
        QTest::newRow("bad revision") << QByteArray(R"({"result":{"header":{"revision":"x"}}})") << "header: revision: expected an integer";
        QTest::newRow("bad base64") << QByteArray(R"({"result":{"events":[{"kv":{"key":"!!"}}]}})") << "events[0]: kv: key: invalid base64";
        QTest::newRow("bad type") << QByteArray(R"({"result":{"events":[{"type":"MOVE","kv":{}}]}})") << "events[0]: type: unknown event type";
        QTest::newRow("no result") << QByteArray(R"({"header":{}})") << "neither \"result\" nor \"error\"";
    }
    void decodeErrors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        const auto response = decode(text);
        QVERIFY(!response.ok());
        QVERIFY2(response.error().message().contains(message), qPrintable(response.error().message()));
    }

    void prefixEnd_data()
    {
        QTest::addColumn<QByteArray>("prefix");
        QTest::addColumn<QByteArray>("end");
        QTest::newRow("plain") << QByteArray("/coreos.com/network/subnets/") << QByteArray("/coreos.com/network/subnets0");
        QTest::newRow("trailing ff") << QByteArray("a\xff\xff") << QByteArray("b");
        QTest::newRow("all ff") << QByteArray("\xff") << QByteArray(1, '\0');
        QTest::newRow("empty") << QByteArray() << QByteArray(1, '\0');
    }
    void prefixEnd()
    {
        QFETCH(QByteArray, prefix);
        QFETCH(QByteArray, end);
        QCOMPARE(etcd::prefixEnd(prefix), end);
    }
};

QTEST_APPLESS_MAIN(TestEtcdWatchStream)
#include "tst_etcdwatchstream.moc"
