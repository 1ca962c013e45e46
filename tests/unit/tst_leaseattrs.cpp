// The lease value codec against the bytes flanneld v0.20.2 writes.
//
// Golden files (tests/data/golden/lease/*.json) hold those exact bytes and are stored WITHOUT a
// trailing newline, as etcd holds them. The repository's .editorconfig asks editors to add one, so
// goldenBytes() strips a single trailing '\n' before comparing: flanneld's values never end in one.
#include "leaseattrs.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace tartan;
using json::Json;

// moc misreads \" inside raw string literals (it then finds no Q_OBJECT class): values that
// contain one are written as ordinary literals.

Q_DECLARE_METATYPE(tartan::LeaseAttrs)

namespace {

QString goldenDir()
{
    return QStringLiteral(TARTAN_TEST_DATA "/golden/lease");
}

QByteArray goldenBytes(const QString &name)
{
    QFile file(goldenDir() + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray bytes = file.readAll();
    if (bytes.endsWith('\n'))
        bytes.chop(1);
    return bytes;
}

IpAddress ip(const char *text)
{
    return *IpAddress::parse(QString::fromLatin1(text));
}

Json vxlan(std::uint32_t vni, const char *mac)
{
    return VxlanBackendData{vni, *MacAddress::parse(QString::fromLatin1(mac))}.toJson();
}

LeaseAttrs attrs(const char *publicIp, const char *publicIpv6, const char *type, Json data = {},
                 Json v6Data = {})
{
    LeaseAttrs a;
    a.publicIp = publicIp ? ip(publicIp) : IpAddress();
    a.publicIpv6 = publicIpv6 ? ip(publicIpv6) : IpAddress();
    a.backendType = QString::fromLatin1(type);
    a.backendData = std::move(data);
    a.backendV6Data = std::move(v6Data);
    return a;
}

/// Every golden file and the lease that flanneld would have built for it.
QList<std::pair<QString, LeaseAttrs>> goldenLeases()
{
    return {
        {"vxlan-v4.json", attrs("192.168.64.3", nullptr, "vxlan", vxlan(1, "c6:d2:32:6f:8f:44"))},
        {"vxlan-dualstack.json", attrs("192.168.64.3", "fd00:64::3", "vxlan", vxlan(1, "c6:d2:32:6f:8f:44"),
                                       vxlan(1, "5a:0e:7b:21:c4:19"))},
        {"vxlan-vni4096.json", attrs("172.16.5.20", nullptr, "vxlan", vxlan(4096, "0a:58:ac:10:05:14"))},
        {"host-gw.json", attrs("10.0.0.2", nullptr, "host-gw")},
        {"ipip.json", attrs("10.0.0.2", nullptr, "ipip")},
        {"udp.json", attrs("10.0.0.2", nullptr, "")}, // upstream's udp backend sets no BackendType
    };
}

QByteArray nested(int depth)
{
    return R"({"PublicIP":"10.0.0.2","BackendData":)" + QByteArray(depth, '[') + QByteArray(depth, ']') + '}';
}

} // namespace

class TestLeaseAttrs : public QObject
{
    Q_OBJECT
private slots:
    void goldenFilesAreComplete()
    {
        QStringList files = QDir(goldenDir()).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QStringList covered;
        for (const auto &[name, lease] : goldenLeases())
            covered << name;
        covered.sort();
        QCOMPARE(files, covered);
    }

    void roundTripsGolden_data()
    {
        QTest::addColumn<QString>("file");
        // Every file in the folder, so that a golden file added later is checked too.
        for (const QString &name : QDir(goldenDir()).entryList({QStringLiteral("*.json")}, QDir::Files))
            QTest::newRow(qPrintable(name)) << name;
    }
    void roundTripsGolden()
    {
        QFETCH(QString, file);
        const QByteArray bytes = goldenBytes(file);
        QVERIFY(!bytes.isEmpty());
        QVERIFY2(!bytes.contains('\n') && !bytes.contains(' '),
                 "golden values are compact, as flanneld writes them");
        const auto decoded = LeaseAttrs::decode(bytes);
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message()));
        QCOMPARE(decoded->encode(), bytes);
    }

    void encodesGolden_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<LeaseAttrs>("lease");
        for (const auto &[name, lease] : goldenLeases())
            QTest::newRow(qPrintable(name)) << name << lease;
    }
    void encodesGolden()
    {
        QFETCH(QString, file);
        QFETCH(LeaseAttrs, lease);
        QCOMPARE(lease.encode(), goldenBytes(file));
        const auto decoded = LeaseAttrs::decode(goldenBytes(file));
        QVERIFY(decoded.ok());
        QVERIFY(*decoded == lease);
    }

    void readsVxlanGolden()
    {
        const auto dual = *LeaseAttrs::decode(goldenBytes(QStringLiteral("vxlan-dualstack.json")));
        QCOMPARE(dual.publicIpv6.toString(), QStringLiteral("fd00:64::3"));
        QCOMPARE(dual.vxlanData()->vni, 1u);
        QCOMPARE(dual.vxlanData()->vtepMac.toString(), QStringLiteral("c6:d2:32:6f:8f:44"));
        QCOMPARE(dual.vxlanV6Data()->vtepMac.toString(), QStringLiteral("5a:0e:7b:21:c4:19"));
        const auto big = *LeaseAttrs::decode(goldenBytes(QStringLiteral("vxlan-vni4096.json")));
        QCOMPARE(big.vxlanData()->vni, 4096u);
        QCOMPARE(big.backendType, QStringLiteral("vxlan"));
    }

    // Go's json.Unmarshal is tolerant; what it accepts must come back out as Go would write it.
    void decodesTolerantly_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("whitespace everywhere")
            << QByteArray(" \t{ \"PublicIP\" : \"10.0.0.2\" ,\n \"PublicIPv6\" : null , \"BackendType\" : "
                          "\"vxlan\" , "
                          "\"BackendData\" : { \"VNI\" : 1 , \"VtepMAC\" : \"c6:d2:32:6f:8f:44\" } }\r\n")
            << QByteArray(
                   R"({"PublicIP":"10.0.0.2","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"c6:d2:32:6f:8f:44"}})");
        QTest::newRow("names in any case")
            << QByteArray(R"({"publicip":"10.0.0.2","PUBLICIPV6":"fc00::2","backendType":"host-gw"})")
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":"fc00::2","BackendType":"host-gw"})");
        QTest::newRow("no PublicIPv6")
            << QByteArray(R"({"PublicIP":"10.0.0.2","BackendType":"ipip"})")
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":null,"BackendType":"ipip"})");
        QTest::newRow("unknown fields")
            << QByteArray(R"({"Extra":{"x":[1,2]},"PublicIP":"10.0.0.2","PublicIPv6":null,"Lease":7})")
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":null})");
        QTest::newRow("last spelling wins") << QByteArray(R"({"PublicIP":"10.0.0.1","publicip":"10.0.0.2"})")
                                            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":null})");
        // A sorted map would put "PublicIP" after "publicip"... no: before it, and pick the wrong one.
        QTest::newRow("last spelling wins, sorted first")
            << QByteArray(R"({"publicip":"10.0.0.1","PublicIP":"10.0.0.2"})")
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":null})");
        QTest::newRow("duplicate name") << QByteArray(R"({"PublicIP":"10.0.0.1","PublicIP":"10.0.0.2"})")
                                        << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":null})");
        QTest::newRow("null BackendType") << QByteArray(R"({"PublicIP":"10.0.0.2","BackendType":null})")
                                          << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":null})");
        QTest::newRow("empty BackendType") << QByteArray(R"({"PublicIP":"10.0.0.2","BackendType":""})")
                                           << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":null})");
        QTest::newRow("ipv6-only node") << QByteArray(R"({"PublicIP":"0.0.0.0","PublicIPv6":"fc00::2"})")
                                        << QByteArray(R"({"PublicIP":"0.0.0.0","PublicIPv6":"fc00::2"})");
        QTest::newRow("ipv6 written long")
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":"FC00:0:0::2"})")
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":"fc00::2"})");
        QTest::newRow("extension data is a string")
            << QByteArray("{\"PublicIP\":\"10.0.0.2\",\"PublicIPv6\":null,\"BackendType\":\"extension\","
                          "\"BackendData\":\"{\\\"a\\\":1}\"}")
            << QByteArray("{\"PublicIP\":\"10.0.0.2\",\"PublicIPv6\":null,\"BackendType\":\"extension\","
                          "\"BackendData\":\"{\\\"a\\\":1}\"}");
        QTest::newRow("data of any type")
            << QByteArray(
                   R"({"PublicIP":"10.0.0.2","BackendData":[1,-2,true,false,null,1.5],"BackendV6Data":7})")
            << QByteArray(
                   R"({"PublicIP":"10.0.0.2","PublicIPv6":null,"BackendData":[1,-2,true,false,null,1.5],"BackendV6Data":7})");
        QTest::newRow("data keeps member order")
            << QByteArray(
                   R"({"PublicIP":"10.0.0.2","BackendData":{"VtepMAC":"c6:d2:32:6f:8f:44","VNI":1,"a":{}}})")
            << QByteArray(
                   R"({"PublicIP":"10.0.0.2","PublicIPv6":null,"BackendData":{"VtepMAC":"c6:d2:32:6f:8f:44","VNI":1,"a":{}}})");
        QTest::newRow("data names in any case")
            << QByteArray(R"({"PublicIP":"10.0.0.2","backenddata":{},"BACKENDV6DATA":[]})")
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":null,"BackendData":{},"BackendV6Data":[]})");
        QTest::newRow("only v6 data")
            << QByteArray(R"({"PublicIP":"10.0.0.2","BackendV6Data":{"VNI":1}})")
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":null,"BackendV6Data":{"VNI":1}})");
        // Documented loss: Go would keep "BackendData":null verbatim.
        QTest::newRow("null data is dropped") << QByteArray(R"({"PublicIP":"10.0.0.2","BackendData":null})")
                                              << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":null})");
        QTest::newRow("html characters escaped")
            << QByteArray(R"({"PublicIP":"10.0.0.2","BackendData":{"k":"<a&b>"}})")
            << QByteArray(
                   R"({"PublicIP":"10.0.0.2","PublicIPv6":null,"BackendData":{"k":"\u003ca\u0026b\u003e"}})");
        QTest::newRow("escapes Go keeps")
            << QByteArray("{\"PublicIP\":\"10.0.0.2\",\"BackendData\":"
                          "\"q\\\"s\\\\n\\nr\\rt\\tc\\u0001\\u001f\\u007f\"}")
            << QByteArray("{\"PublicIP\":\"10.0.0.2\",\"PublicIPv6\":null,\"BackendData\":"
                          "\"q\\\"s\\\\n\\nr\\rt\\tc\\u0001\\u001f\x7f\"}");
        QTest::newRow("line separators escaped")
            << QByteArray("{\"PublicIP\":\"10.0.0.2\",\"BackendData\":\"a\xe2\x80\xa8"
                          "b\\u2029\"}")
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":null,"BackendData":"a\u2028b\u2029"})");
        // Documented loss: Go keeps a RawMessage's own escapes; a parsed value is written as Marshal would.
        QTest::newRow("unicode escape becomes UTF-8")
            << QByteArray(R"({"PublicIP":"10.0.0.2","BackendData":"\u00e9\b"})")
            << QByteArray(
                   "{\"PublicIP\":\"10.0.0.2\",\"PublicIPv6\":null,\"BackendData\":\"\xc3\xa9\\u0008\"}");
        QTest::newRow("nested 32 deep")
            << nested(32)
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":null,"BackendData":)") +
                   QByteArray(32, '[') + QByteArray(32, ']') + '}';
    }
    void decodesTolerantly()
    {
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, encoded);
        const auto decoded = LeaseAttrs::decode(value);
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message()));
        QCOMPARE(decoded->encode(), encoded);
        // What we write reads back to the same lease.
        const auto again = LeaseAttrs::decode(encoded);
        QVERIFY(again.ok());
        QCOMPARE(again->encode(), encoded);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("cause");
        QTest::newRow("empty") << QByteArray() << "lease value: malformed JSON";
        QTest::newRow("truncated") << QByteArray(R"({"PublicIP":"10.0.0.2")")
                                   << "lease value: malformed JSON";
        QTest::newRow("trailing data")
            << QByteArray(R"({"PublicIP":"10.0.0.2"} x)") << "lease value: malformed JSON";
        QTest::newRow("comment") << QByteArray(R"({"PublicIP":"10.0.0.2" /* c */})")
                                 << "lease value: malformed JSON";
        QTest::newRow("single quotes")
            << QByteArray(R"({'PublicIP':'10.0.0.2'})") << "lease value: malformed JSON";
        // Go would read the byte as U+FFFD; nlohmann refuses the text.
        QTest::newRow("invalid utf-8") << QByteArray("{\"PublicIP\":\"10.0.0.2\",\"BackendType\":\"\xff\"}")
                                       << "lease value: malformed JSON";
        QTest::newRow("array") << QByteArray("[]") << "lease value: must be a JSON object, got an array";
        QTest::newRow("string") << QByteArray(R"("10.0.0.2")")
                                << "lease value: must be a JSON object, got a string";
        QTest::newRow("null") << QByteArray("null") << "lease value: must be a JSON object, got null";
        QTest::newRow("too deep") << nested(33) << "lease value: nested deeper than 32 levels";
        QTest::newRow("no PublicIP") << QByteArray("{}") << "lease value: PublicIP: missing";
        QTest::newRow("only PublicIPv6")
            << QByteArray(R"({"PublicIPv6":"fc00::2"})") << "lease value: PublicIP: missing";
        QTest::newRow("PublicIP null") << QByteArray(R"({"PublicIP":null})")
                                       << "lease value: PublicIP: must be an IPv4 address string, got null";
        QTest::newRow("PublicIP number")
            << QByteArray(R"({"PublicIP":167772162})")
            << "lease value: PublicIP: must be an IPv4 address string, got 167772162";
        QTest::newRow("PublicIP array")
            << QByteArray(R"({"PublicIP":["10.0.0.2"]})")
            << "lease value: PublicIP: must be an IPv4 address string, got [\"10.0.0.2\"]";
        QTest::newRow("PublicIP last spelling bad")
            << QByteArray(R"({"PublicIP":"10.0.0.2","publicIP":false})")
            << "lease value: PublicIP: must be an IPv4 address string, got false";
        QTest::newRow("PublicIP 300") << QByteArray(R"({"PublicIP":"10.0.0.300"})")
                                      << "lease value: PublicIP: '10.0.0.300' is not an IPv4 address";
        QTest::newRow("PublicIP ipv6") << QByteArray(R"({"PublicIP":"fc00::1"})")
                                       << "lease value: PublicIP: 'fc00::1' is not an IPv4 address";
        QTest::newRow("PublicIP empty")
            << QByteArray(R"({"PublicIP":""})") << "lease value: PublicIP: '' is not an IPv4 address";
        QTest::newRow("PublicIP space") << QByteArray(R"({"PublicIP":" 10.0.0.2"})")
                                        << "lease value: PublicIP: ' 10.0.0.2' is not an IPv4 address";
        QTest::newRow("PublicIP cidr") << QByteArray(R"({"PublicIP":"10.0.0.2/24"})")
                                       << "lease value: PublicIP: '10.0.0.2/24' is not an IPv4 address";
        QTest::newRow("PublicIPv6 ipv4") << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":"10.0.0.3"})")
                                         << "lease value: PublicIPv6: '10.0.0.3' is not an IPv6 address";
        QTest::newRow("PublicIPv6 bad") << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":"fc00::g"})")
                                        << "lease value: PublicIPv6: 'fc00::g' is not an IPv6 address";
        QTest::newRow("PublicIPv6 zone")
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":"fe80::1%eth0"})")
            << "lease value: PublicIPv6: 'fe80::1%eth0' is not an IPv6 address";
        QTest::newRow("PublicIPv6 empty") << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":""})")
                                          << "lease value: PublicIPv6: '' is not an IPv6 address";
        QTest::newRow("PublicIPv6 boolean")
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":true})")
            << "lease value: PublicIPv6: must be null or an IPv6 address string, got true";
        QTest::newRow("PublicIPv6 object")
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":{}})")
            << "lease value: PublicIPv6: must be null or an IPv6 address string, got {}";
        QTest::newRow("BackendType number") << QByteArray(R"({"PublicIP":"10.0.0.2","BackendType":1})")
                                            << "lease value: BackendType: must be a string, got 1";
        QTest::newRow("BackendType array") << QByteArray(R"({"PublicIP":"10.0.0.2","backendtype":["vxlan"]})")
                                           << "lease value: BackendType: must be a string, got [\"vxlan\"]";
        QTest::newRow("long value shortened")
            << QByteArray(
                   R"({"PublicIP":"10.0.0.2","BackendType":{"a":"0123456789012345678901234567890123456789"}})")
            << "lease value: BackendType: must be a string, got {\"a\":\"0123456789012345678901234567890...";
    }
    void rejects()
    {
        QFETCH(QByteArray, value);
        QFETCH(QString, cause);
        const auto decoded = LeaseAttrs::decode(value);
        QVERIFY(!decoded.ok());
        QVERIFY2(decoded.error().message().startsWith(cause), qPrintable(decoded.error().message()));
    }

    void readsVxlanData_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<uint>("vni");
        QTest::addColumn<QString>("mac");
        QTest::newRow("flannel") << QByteArray(R"({"VNI":1,"VtepMAC":"c6:d2:32:6f:8f:44"})") << 1u
                                 << "c6:d2:32:6f:8f:44";
        QTest::newRow("names in any case")
            << QByteArray(R"({"vni":4096,"vtepmac":"0A:58:AC:10:05:14"})") << 4096u << "0a:58:ac:10:05:14";
        QTest::newRow("dashes") << QByteArray(R"({"VNI":7,"VtepMAC":"0a-58-ac-10-05-14"})") << 7u
                                << "0a:58:ac:10:05:14";
        QTest::newRow("vni 0") << QByteArray(R"({"VNI":0,"VtepMAC":"c6:d2:32:6f:8f:44"})") << 0u
                               << "c6:d2:32:6f:8f:44";
        QTest::newRow("vni max") << QByteArray(R"({"VNI":16777215,"VtepMAC":"c6:d2:32:6f:8f:44"})")
                                 << 16777215u << "c6:d2:32:6f:8f:44";
        QTest::newRow("unknown fields")
            << QByteArray(R"({"Port":8472,"VNI":1,"VtepMAC":"c6:d2:32:6f:8f:44","x":null})") << 1u
            << "c6:d2:32:6f:8f:44";
        QTest::newRow("last spelling wins")
            << QByteArray(R"({"vni":1,"VNI":2,"VtepMAC":"c6:d2:32:6f:8f:44"})") << 2u << "c6:d2:32:6f:8f:44";
    }
    void readsVxlanData()
    {
        QFETCH(QByteArray, data);
        QFETCH(uint, vni);
        QFETCH(QString, mac);
        const auto lease = LeaseAttrs::decode(R"({"PublicIP":"10.0.0.2","BackendData":)" + data +
                                              R"(,"BackendV6Data":)" + data + '}');
        QVERIFY(lease.ok());
        for (const auto &read : {lease->vxlanData(), lease->vxlanV6Data()}) {
            QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message()));
            QCOMPARE(read->vni, vni);
            QCOMPARE(read->vtepMac.toString(), mac);
        }
    }

    void rejectsVxlanData_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("cause");
        QTest::newRow("string") << QByteArray(R"("c6:d2:32:6f:8f:44")")
                                << "BackendData: must be an object, got \"c6:d2:32:6f:8f:44\"";
        QTest::newRow("array") << QByteArray("[1]") << "BackendData: must be an object, got [1]";
        QTest::newRow("no VNI") << QByteArray(R"({"VtepMAC":"c6:d2:32:6f:8f:44"})")
                                << "BackendData.VNI: missing";
        QTest::newRow("VNI negative") << QByteArray(R"({"VNI":-1,"VtepMAC":"c6:d2:32:6f:8f:44"})")
                                      << "BackendData.VNI: must be an integer from 0 to 16777215, got -1";
        QTest::newRow("VNI 2^24") << QByteArray(R"({"VNI":16777216,"VtepMAC":"c6:d2:32:6f:8f:44"})")
                                  << "BackendData.VNI: must be an integer from 0 to 16777215, got 16777216";
        QTest::newRow("VNI float") << QByteArray(R"({"VNI":1.0,"VtepMAC":"c6:d2:32:6f:8f:44"})")
                                   << "BackendData.VNI: must be an integer from 0 to 16777215, got 1.0";
        QTest::newRow("VNI exponent") << QByteArray(R"({"VNI":1e3,"VtepMAC":"c6:d2:32:6f:8f:44"})")
                                      << "BackendData.VNI: must be an integer from 0 to 16777215, got 1000.0";
        QTest::newRow("VNI beyond uint64")
            << QByteArray(R"({"VNI":18446744073709551616,"VtepMAC":"c6:d2:32:6f:8f:44"})")
            << "BackendData.VNI: must be an integer from 0 to 16777215";
        QTest::newRow("VNI string") << QByteArray(R"({"VNI":"1","VtepMAC":"c6:d2:32:6f:8f:44"})")
                                    << "BackendData.VNI: must be an integer from 0 to 16777215, got \"1\"";
        QTest::newRow("VNI null") << QByteArray(R"({"VNI":null,"VtepMAC":"c6:d2:32:6f:8f:44"})")
                                  << "BackendData.VNI: must be an integer from 0 to 16777215, got null";
        QTest::newRow("no VtepMAC") << QByteArray(R"({"VNI":1})") << "BackendData.VtepMAC: missing";
        QTest::newRow("VtepMAC number") << QByteArray(R"({"VNI":1,"VtepMAC":5})")
                                        << "BackendData.VtepMAC: must be a MAC address string, got 5";
        QTest::newRow("VtepMAC null") << QByteArray(R"({"VNI":1,"VtepMAC":null})")
                                      << "BackendData.VtepMAC: must be a MAC address string, got null";
        QTest::newRow("VtepMAC short") << QByteArray(R"({"VNI":1,"VtepMAC":"c6:d2:32:6f:8f"})")
                                       << "BackendData.VtepMAC: 'c6:d2:32:6f:8f' is not a MAC address";
        QTest::newRow("VtepMAC dotted") << QByteArray(R"({"VNI":1,"VtepMAC":"c6d2.326f.8f44"})")
                                        << "BackendData.VtepMAC: 'c6d2.326f.8f44' is not a MAC address";
        QTest::newRow("VtepMAC empty")
            << QByteArray(R"({"VNI":1,"VtepMAC":""})") << "BackendData.VtepMAC: '' is not a MAC address";
        QTest::newRow("VtepMAC multicast") << QByteArray(R"({"VNI":1,"VtepMAC":"01:00:5e:00:00:01"})")
                                           << "BackendData.VtepMAC: 01:00:5e:00:00:01 is a multicast address";
        QTest::newRow("VtepMAC broadcast") << QByteArray(R"({"VNI":1,"VtepMAC":"ff:ff:ff:ff:ff:ff"})")
                                           << "BackendData.VtepMAC: ff:ff:ff:ff:ff:ff is a multicast address";
        QTest::newRow("VtepMAC zero") << QByteArray(R"({"VNI":1,"VtepMAC":"00:00:00:00:00:00"})")
                                      << "BackendData.VtepMAC: 00:00:00:00:00:00 is the zero address";
    }
    void rejectsVxlanData()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, cause);
        const auto lease = LeaseAttrs::decode(R"({"PublicIP":"10.0.0.2","BackendData":)" + data +
                                              R"(,"BackendV6Data":)" + data + '}');
        QVERIFY(lease.ok());
        const auto v4 = lease->vxlanData();
        QVERIFY(!v4.ok());
        QVERIFY2(v4.error().message().startsWith(QStringLiteral("lease value: ") + cause),
                 qPrintable(v4.error().message()));
        // The same data under BackendV6Data is named as such.
        const auto v6 = lease->vxlanV6Data();
        QVERIFY(!v6.ok());
        QString v6Cause = cause;
        v6Cause.replace(QStringLiteral("BackendData"), QStringLiteral("BackendV6Data"));
        QVERIFY2(v6.error().message().startsWith(QStringLiteral("lease value: ") + v6Cause),
                 qPrintable(v6.error().message()));
    }

    void vxlanDataMissing()
    {
        const auto lease =
            *LeaseAttrs::decode(R"({"PublicIP":"10.0.0.2","BackendType":"vxlan","BackendData":null})");
        QCOMPARE(lease.vxlanData().error().message(), QStringLiteral("lease value: BackendData: missing"));
        QCOMPARE(lease.vxlanV6Data().error().message(),
                 QStringLiteral("lease value: BackendV6Data: missing"));
    }

    void vxlanFromPlainJson()
    {
        // Values built in code hold signed integers; parsed ones hold non-negative ones as unsigned.
        const json::Json signedVni = {{"VNI", 5}, {"VtepMAC", "c6:d2:32:6f:8f:44"}};
        QCOMPARE(VxlanBackendData::fromJson(signedVni)->vni, 5u);
        const json::Json negative = {{"VNI", -5}, {"VtepMAC", "c6:d2:32:6f:8f:44"}};
        QCOMPARE(VxlanBackendData::fromJson(negative, u"backend-data").error().message(),
                 QStringLiteral("backend-data.VNI: must be an integer from 0 to 16777215, got -5"));
        QCOMPARE(VxlanBackendData::fromJson(json::Json("x")).error().message(),
                 QStringLiteral("BackendData: must be an object, got \"x\""));
        const Json alsoSigned = {{"VNI", 6}, {"VtepMAC", "c6:d2:32:6f:8f:44"}};
        QCOMPARE(VxlanBackendData::fromJson(alsoSigned)->vni, 6u);
    }

    void writesVxlanData()
    {
        const VxlanBackendData data{4096, *MacAddress::parse(u"0A:58:AC:10:05:14")};
        QCOMPARE(json::dump(data.toJson()), QByteArray(R"({"VNI":4096,"VtepMAC":"0a:58:ac:10:05:14"})"));
        QCOMPARE(*VxlanBackendData::fromJson(data.toJson()), data);
        // Go's nil hardwareAddr marshals as "".
        QCOMPARE(json::dump(VxlanBackendData{}.toJson()), QByteArray(R"({"VNI":0,"VtepMAC":""})"));
    }

    // Leases built in code: Go's json.Marshal rules for every kind of content.
    void encodes_data()
    {
        QTest::addColumn<LeaseAttrs>("lease");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("null PublicIP is Go's zero IP4")
            << attrs(nullptr, nullptr, "") << QByteArray(R"({"PublicIP":"0.0.0.0","PublicIPv6":null})");
        QTest::newRow("ipv6-only")
            << attrs(nullptr, "fd00::5", "vxlan", {}, vxlan(1, "c6:d2:32:6f:8f:44"))
            << QByteArray(
                   R"({"PublicIP":"0.0.0.0","PublicIPv6":"fd00::5","BackendType":"vxlan","BackendV6Data":{"VNI":1,"VtepMAC":"c6:d2:32:6f:8f:44"}})");
        QTest::newRow("families swapped")
            << attrs("fd00::5", "10.0.0.5", "ipip")
            << QByteArray(R"({"PublicIP":"0.0.0.0","PublicIPv6":null,"BackendType":"ipip"})");
        QTest::newRow("empty object data")
            << attrs("10.0.0.2", nullptr, "extension", Json::object())
            << QByteArray(
                   R"({"PublicIP":"10.0.0.2","PublicIPv6":null,"BackendType":"extension","BackendData":{}})");
        QTest::newRow("discarded data is absent")
            << attrs("10.0.0.2", nullptr, "", Json(Json::value_t::discarded))
            << QByteArray(R"({"PublicIP":"10.0.0.2","PublicIPv6":null})");

        LeaseAttrs escaped = attrs("10.0.0.2", nullptr, "");
        escaped.backendType = QString::fromUtf8(
            "a<b>&\"\\\n\r\t\b\f\x01\x1f\x7f \xc3\xa9\xe2\x80\xa8\xe2\x80\xa9\xf0\x9f\x98\x80");
        QTest::newRow("BackendType escapes")
            << escaped
            << QByteArray("{\"PublicIP\":\"10.0.0.2\",\"PublicIPv6\":null,\"BackendType\":"
                          "\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\r\\t\\u0008\\u000c\\u0001\\u001f\x7f "
                          "\xc3\xa9\\u2028\\u2029\xf0\x9f\x98\x80\"}");

        // Strings built in code may hold any bytes; Go replaces each invalid one with \ufffd.
        const std::pair<const char *, const char *> utf8[] = {
            {"\xff", "\\ufffd"},                                  // never a lead byte
            {"\x80", "\\ufffd"},                                  // a lone continuation byte
            {"\xc0\xaf", "\\ufffd\\ufffd"},                       // overlong two-byte form
            {"\xc3", "\\ufffd"},                                  // truncated
            {"\xc3\x28", "\\ufffd("},                             // bad continuation
            {"\xe0\x80\xaf", "\\ufffd\\ufffd\\ufffd"},            // overlong three-byte form
            {"\xe0\xa0\x80", "\xe0\xa0\x80"},                     // U+0800, the smallest three-byte
            {"\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd"},            // a surrogate
            {"\xed\x9f\xbf", "\xed\x9f\xbf"},                     // U+D7FF, just below them
            {"\xe2\x82", "\\ufffd\\ufffd"},                       // truncated three-byte
            {"\xe2\x82\x28", "\\ufffd\\ufffd("},                  // bad third byte
            {"\xf0\x80\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd"}, // overlong four-byte form
            {"\xf0\x90\x80\x80", "\xf0\x90\x80\x80"},             // U+10000
            {"\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"},             // U+10FFFF
            {"\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd"}, // beyond U+10FFFF
            {"\xf5\x80\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd"}, // never a lead byte
            {"\xe2\x80\xa7", "\xe2\x80\xa7"},                     // U+2027 is written as is
            {"\xe2\x82\xac", "\xe2\x82\xac"},                     // U+20AC, E2 but no separator
            {"\xe2\x82\xc0", "\\ufffd\\ufffd\\ufffd"},            // third byte out of range
        };
        int row = 0;
        for (const auto &[in, out] : utf8) {
            Json data = Json::object();
            data[std::string("k") + in] = std::string(in);
            QTest::addRow("utf-8 %d", row++)
                << attrs("10.0.0.2", nullptr, "", data)
                << QByteArray("{\"PublicIP\":\"10.0.0.2\",\"PublicIPv6\":null,\"BackendData\":{\"k") + out +
                       "\":\"" + out + "\"}}";
        }

        Json mixed = Json::object();
        mixed["z"] = Json::array({1, -2, 3000000000u, true, nullptr, "<", Json::object()});
        mixed["a"] = 1.5;
        QTest::newRow("mixed data in insertion order")
            << attrs("10.0.0.2", "fc00::2", "x", mixed, Json::array())
            << QByteArray(
                   R"({"PublicIP":"10.0.0.2","PublicIPv6":"fc00::2","BackendType":"x","BackendData":{"z":[1,-2,3000000000,true,null,"\u003c",{}],"a":1.5},"BackendV6Data":[]})");
    }
    void encodes()
    {
        QFETCH(LeaseAttrs, lease);
        QFETCH(QByteArray, encoded);
        QCOMPARE(lease.encode(), encoded);
    }
};

QTEST_APPLESS_MAIN(TestLeaseAttrs)
#include "tst_leaseattrs.moc"
