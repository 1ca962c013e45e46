#pragma once

#include "etcdclientoptions.h"
#include "optionsource.h"
#include "result.h"
#include "storelayout.h"

#include <QCommandLineParser>

namespace tartan {

/// flanneld's etcd flags (--etcd-endpoints, --etcd-prefix, --etcd-cafile, --etcd-certfile,
/// --etcd-keyfile, --etcd-username, --etcd-password), with flanneld's defaults, for every program
/// that talks to the store: tartand and tartanctl take them alike, also from TARTAN_* and
/// FLANNELD_* environment variables (see OptionSource).
namespace etcdflags {

void addTo(QCommandLineParser &parser);

/// The client options the flags describe. Errors name the flag: "--etcd-endpoints: etcd endpoint
/// 'x::y': expected http://host:port or https://host:port".
Result<EtcdClientOptions> clientOptions(const OptionSource &source);

StoreLayout layout(const OptionSource &source);

} // namespace etcdflags
} // namespace tartan
