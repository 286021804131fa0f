#pragma once

#include "registry/RegistryTypes.h"

#include <optional>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace sd::diff {

enum class ContextType { None, Custom, Auto };
QString contextTypeName(ContextType type); // "NONE", "CUSTOM", "AUTO"
std::optional<ContextType> contextTypeFromName(QStringView name);

// How subjects on registry A are named on registry B, modelled on a schema exporter
// (subjects, contextType, context, subjectRenameFormat):
//   NONE   -> the subject keeps its context:           orders, :.x:orders  -> orders, :.x:orders
//   CUSTOM -> put under the context named `context`:   orders, :.x:orders  -> :.source:orders,
//   :.source.x:orders AUTO   -> like CUSTOM with the context the registry picked (`autoContext`, e.g.
//   ".lsrc-abc123";
//             the naming rule is not documented, so the caller supplies it).
// subjectRenameFormat applies to the name part: "dc_${subject}" maps orders -> dc_orders.
struct SubjectMapping
{
    // Exporter subject filter: "*" or ":*:" (everything), names ("orders-value", ":.ctx:orders-value"),
    // a context wildcard ":.ctx:*", or a name prefix ending in '*' ("orders-*", ":.ctx:ord*").
    QStringList subjects{QStringLiteral("*")};
    ContextType contextType = ContextType::None;
    QString context;     // CUSTOM: "source" or ".source"
    QString autoContext; // AUTO: the destination context, e.g. ".lsrc-abc123"
    QString subjectRenameFormat = QStringLiteral("${subject}");

    // Fills the fields an exporter description (GET /exporters/{name}) carries.
    static SubjectMapping fromExporter(const QJsonObject &exporterInfo);
    QJsonObject toJson() const;

    bool selects(QStringView subjectOnA) const;
    QString mapToB(QStringView subjectOnA) const;
    // The A subject that maps to `subjectOnB` and passes the filter, or nullopt when B's subject is
    // outside what the rule writes (e.g. B's own subjects next to a CUSTOM context).
    std::optional<QString> mapToA(QStringView subjectOnB) const;

    // The context on B that A's context `contextOnA` lands in.
    QString targetContext(const QString &contextOnA) const;
};

} // namespace sd::diff
