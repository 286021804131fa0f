#include "plan/FolderPlan.h"

#include "registry/EnumNames.h"

#include <algorithm>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sd::plan {

namespace {

// The JSON names of the plan's enums, one table each (read back by nothing yet, printed by toJson()).
constexpr registry::EnumNames<PlanAction::Kind::Delete> kKindNames({u"setCompatibility", u"register",
                                                                    u"delete"});
constexpr registry::EnumNames<PlanAction::Verdict::CheckFailed> kVerdictNames(
    {u"notApplicable", u"newSubject", u"compatible", u"incompatible", u"afterReferences", u"checkFailed"});
constexpr registry::EnumNames<PlanAction::State::Cancelled> kStateNames({u"pending", u"ok", u"refused",
                                                                         u"skipped", u"cancelled"});

} // namespace

QString kindName(PlanAction::Kind kind)
{
    return kKindNames.name(kind);
}

QString verdictName(PlanAction::Verdict verdict)
{
    return kVerdictNames.name(verdict);
}

QString stateName(PlanAction::State state)
{
    return kStateNames.name(state);
}

QJsonObject PlanAction::toJson() const
{
    QJsonObject object{{u"action"_s, kindName(kind)},
                       {u"subject"_s, subject},
                       {u"reason"_s, reason},
                       {u"selected"_s, selected},
                       {u"state"_s, stateName(state)}};
    if (kind == Kind::Register) {
        object.insert(u"file"_s, file);
        object.insert(u"schemaType"_s, schemaType);
        object.insert(u"verdict"_s, verdictName(verdict));
        if (!messages.isEmpty())
            object.insert(u"messages"_s, QJsonArray::fromStringList(messages));
        if (!references.isEmpty())
            object.insert(u"references"_s, registry::referencesToJson(references));
    }
    if (kind == Kind::SetCompatibility) {
        object.insert(u"compatibility"_s, compatibility);
        object.insert(u"currentCompatibility"_s, currentCompatibility);
    }
    if (kind == Kind::Delete)
        object.insert(u"permanent"_s, permanent);
    if (!dependsOn.isEmpty()) {
        QJsonArray after;
        for (int index : dependsOn)
            after.append(index);
        object.insert(u"after"_s, after);
    }
    if (!result.isEmpty())
        object.insert(u"result"_s, result);
    if (registeredVersion > 0)
        object.insert(u"version"_s, registeredVersion);
    if (registeredId >= 0)
        object.insert(u"id"_s, registeredId);
    return object;
}

int FolderPlan::selectedCount() const
{
    return int(std::count_if(actions.begin(), actions.end(), [](const PlanAction &a) { return a.selected; }));
}

QJsonObject FolderPlan::toJson() const
{
    QJsonArray list;
    for (const PlanAction &action : actions)
        list.append(action.toJson());
    return {{u"format"_s, u"schemadesk-plan"_s},
            {u"formatVersion"_s, 1},
            {u"folder"_s, folder},
            {u"registry"_s, registry},
            {u"unchanged"_s, unchanged},
            {u"actions"_s, list},
            {u"warnings"_s, QJsonArray::fromStringList(warnings)}};
}

namespace {

// Markdown table cells: pipes and line breaks would end the cell.
QString cell(QString text)
{
    return text.replace(u'|', u"\\|"_s).replace(u'\n', u' ');
}

QString describe(const PlanAction &action)
{
    switch (action.kind) {
    case PlanAction::Kind::SetCompatibility:
        return u"compatibility %1 → %2"_s.arg(
            action.currentCompatibility.isEmpty() ? u"(inherited)"_s : action.currentCompatibility,
            action.compatibility);
    case PlanAction::Kind::Register:
        return u"register %1 from `%2`"_s.arg(action.schemaType, action.file);
    case PlanAction::Kind::Delete:
        return action.permanent ? u"delete permanently"_s : u"delete (soft)"_s;
    }
    return {};
}

} // namespace

QString FolderPlan::toMarkdown() const
{
    QString out = u"# Plan: %1 → %2\n\n"_s.arg(folder, registry);
    out += u"%1 action(s), %2 selected; %3 subject(s) unchanged.\n\n"_s.arg(actions.size())
               .arg(selectedCount())
               .arg(unchanged);
    if (!actions.isEmpty()) {
        out += u"| # | selected | subject | action | pre-check | reason | result |\n"_s;
        out += u"|---|---|---|---|---|---|---|\n"_s;
        for (int i = 0; i < actions.size(); ++i) {
            const PlanAction &a = actions.at(i);
            QString check = a.kind == PlanAction::Kind::Register ? verdictName(a.verdict) : QString();
            if (!a.messages.isEmpty())
                check += u": "_s + a.messages.join(u"; "_s);
            const QString result =
                a.state == PlanAction::State::Pending ? QString() : stateName(a.state) + u' ' + a.result;
            out += u"| %1 | %2 | `%3` | %4 | %5 | %6 | %7 |\n"_s.arg(i + 1).arg(
                a.selected ? u"yes"_s : u"no"_s, cell(a.subject), cell(describe(a)), cell(check),
                cell(a.reason), cell(result.trimmed()));
        }
        out += u'\n';
    }
    for (const QString &warning : warnings)
        out += u"- warning: %1\n"_s.arg(cell(warning));
    return out;
}

} // namespace sd::plan
