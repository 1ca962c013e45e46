#include "cnierror.h"

#include "json.h"

namespace tartan {

QByteArray CniError::toJson(const QString &cniVersion) const
{
    json::Json error; // member order kept: cniVersion, code, msg, details
    error["cniVersion"] = cniVersion.toStdString();
    error["code"] = mCode;
    error["msg"] = mMessage.toStdString();
    error["details"] = mDetails.toStdString();
    return json::dump(error) + '\n';
}

} // namespace tartan
