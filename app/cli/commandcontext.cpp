#include "commandcontext.h"

#include "etcdflags.h"

#include <cstdio>

namespace tartan::cli {

CommandContext::CommandContext(const QCommandLineParser &parser)
    : mOptions(parser, QProcessEnvironment::systemEnvironment())
{
}

CommandContext::~CommandContext() = default;

StoreLayout CommandContext::layout() const
{
    return etcdflags::layout(mOptions);
}

Result<EtcdClient *> CommandContext::client()
{
    if (!mClient) {
        auto options = etcdflags::clientOptions(mOptions);
        if (!options)
            return options.error();
        auto client = EtcdClient::create(*options);
        if (!client)
            return client.error();
        mClient = std::move(client).value();
    }
    return mClient.get();
}

int CommandContext::fail(int code, const QString &message) const
{
    std::fprintf(stderr, "tartanctl: %s\n", message.toUtf8().constData());
    return code;
}

void CommandContext::out(const QString &text) const
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void CommandContext::warn(const QString &text) const
{
    std::fprintf(stderr, "tartanctl: %s\n", text.toUtf8().constData());
}

} // namespace tartan::cli
