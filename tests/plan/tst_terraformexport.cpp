// TerraformExport against a sandbox registry over real HTTP: a registry with references, a subject-level
// compatibility and mode, three schema types, a context and names that need sanitising, written as
// Confluent's Terraform provider resources beside the schema files. The HCL is parsed and checked
// against the provider's documented arguments (the table below), and every file() it reads exists.
#include "plan/TerraformExport.h"
#include "plan/TerraformWriter.h"
#include "PlanTestSupport.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <vector>

using namespace Qt::StringLiterals;
using namespace sd;

namespace {

// The provider's documented arguments, transcribed from its documentation:
// https://github.com/confluentinc/terraform-provider-confluent/blob/master/docs/resources/confluent_schema.md
// https://github.com/confluentinc/terraform-provider-confluent/blob/master/docs/resources/confluent_subject_config.md
// https://github.com/confluentinc/terraform-provider-confluent/blob/master/docs/resources/confluent_subject_mode.md
// (also at https://registry.terraform.io/providers/confluentinc/confluent/latest/docs)
struct BlockSchema
{
    QStringList required;
    QStringList optional;
    QStringList blocks; // nested blocks allowed
};

const QHash<QString, BlockSchema> &providerSchema()
{
    static const QStringList connection{u"schema_registry_cluster"_s, u"credentials"_s, u"lifecycle"_s};
    static const QHash<QString, BlockSchema> schema{
        {u"confluent_schema"_s,
         {{u"subject_name"_s, u"format"_s, u"schema"_s},
          {u"rest_endpoint"_s, u"hard_delete"_s, u"recreate_on_update"_s, u"skip_validation_during_plan"_s},
          connection + QStringList{u"schema_reference"_s, u"metadata"_s, u"ruleset"_s}}},
        {u"confluent_schema.schema_reference"_s, {{u"name"_s, u"subject_name"_s, u"version"_s}, {}, {}}},
        {u"confluent_subject_config"_s,
         {{u"subject_name"_s},
          {u"rest_endpoint"_s, u"compatibility_level"_s, u"compatibility_group"_s},
          connection}},
        {u"confluent_subject_mode"_s,
         {{u"subject_name"_s}, {u"rest_endpoint"_s, u"mode"_s, u"force"_s}, connection}},
        // Option #2 of the provider block: one Schema Registry cluster from variables.
        {u"provider.confluent"_s,
         {{},
          {u"schema_registry_id"_s, u"schema_registry_rest_endpoint"_s, u"schema_registry_api_key"_s,
           u"schema_registry_api_secret"_s, u"cloud_api_key"_s, u"cloud_api_secret"_s},
          {}}},
    };
    return schema;
}
const QStringList formats{u"AVRO"_s, u"PROTOBUF"_s, u"JSON"_s};
const QStringList levels{u"BACKWARD"_s, u"BACKWARD_TRANSITIVE"_s, u"FORWARD"_s, u"FORWARD_TRANSITIVE"_s,
                         u"FULL"_s,     u"FULL_TRANSITIVE"_s,     u"NONE"_s};
const QStringList modes{u"READWRITE"_s, u"READONLY"_s, u"READONLY_OVERRIDE"_s, u"IMPORT"_s};

// Just enough HCL for what the export writes: blocks with labels, `key = value` lines, maps `key = {…}`.
struct Block
{
    QString type;
    QStringList labels;
    QMap<QString, QString> attributes;
    std::vector<Block> blocks; // a vector may hold its own incomplete type
};

QStringList headerTokens(const QString &header)
{
    QStringList tokens;
    static const QRegularExpression token(u"\"([^\"]*)\"|(\\S+)"_s);
    for (auto it = token.globalMatch(header); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        tokens << (m.captured(1).isNull() ? m.captured(2) : m.captured(1));
    }
    return tokens;
}

Block parseHcl(const QString &text, QStringList *errors)
{
    Block root;
    QList<Block *> stack{&root};
    int mapDepth = 0; // inside `key = { … }`
    const QStringList lines = text.split(u'\n');
    for (int n = 0; n < lines.size(); ++n) {
        const QString line = lines.at(n).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (line.endsWith(u'{')) {
            const QString header = line.chopped(1).trimmed();
            if (header.contains(u'=') || mapDepth > 0) {
                ++mapDepth;
                continue;
            }
            const QStringList tokens = headerTokens(header);
            Block block{tokens.value(0), tokens.mid(1), {}, {}};
            stack.last()->blocks.push_back(block);
            stack.append(&stack.last()->blocks.back());
        } else if (line == u"}") {
            if (mapDepth > 0)
                --mapDepth;
            else if (stack.size() > 1)
                stack.removeLast();
            else
                errors->append(u"line %1: unbalanced }"_s.arg(n + 1));
        } else if (mapDepth == 0) {
            const qsizetype eq = line.indexOf(u'=');
            if (eq < 0)
                errors->append(u"line %1: not an attribute: %2"_s.arg(n + 1).arg(line));
            else
                stack.last()->attributes.insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
        }
    }
    if (stack.size() != 1 || mapDepth != 0)
        errors->append(u"unclosed block"_s);
    return root;
}

QString unquote(const QString &value)
{
    return value.size() >= 2 && value.startsWith(u'"') && value.endsWith(u'"')
               ? value.mid(1, value.size() - 2)
               : QString();
}

void checkBlock(const Block &block, const QString &schemaName, QStringList *errors)
{
    const BlockSchema schema = providerSchema().value(schemaName);
    const QString where = u"%1 %2"_s.arg(schemaName, block.labels.join(u'.'));
    for (const QString &required : schema.required) {
        if (!block.attributes.contains(required))
            errors->append(u"%1: missing %2"_s.arg(where, required));
    }
    for (auto it = block.attributes.cbegin(); it != block.attributes.cend(); ++it) {
        if (!schema.required.contains(it.key()) && !schema.optional.contains(it.key()))
            errors->append(
                u"%1: %2 is not an argument of the provider's %3"_s.arg(where, it.key(), schemaName));
    }
    for (const Block &nested : block.blocks) {
        if (!schema.blocks.contains(nested.type))
            errors->append(u"%1: block %2 is not allowed"_s.arg(where, nested.type));
        else if (providerSchema().contains(schemaName + u'.' + nested.type))
            checkBlock(nested, schemaName + u'.' + nested.type, errors);
    }
}

} // namespace

class TestTerraformExport : public QObject
{
    Q_OBJECT
private:
    sandbox::SandboxServer m_server;
    std::unique_ptr<registry::RegistryClient> m_client;

    bool exportTo(const QString &directory, const diff::SubjectMapping &filter = {})
    {
        plan::TerraformExport job(m_client.get());
        QSignalSpy finished(&job, &plan::TerraformExport::finished);
        if (!job.start(directory, filter) || !finished.wait(15000))
            return false;
        if (!finished.first().first().toBool())
            qWarning() << job.errorText();
        return finished.first().first().toBool();
    }

    static QString read(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        using namespace plan::test;
        QString error;
        QVERIFY2(m_server.start({}, &error), qPrintable(error));
        const QString id = field(u"id"_s, u"\"string\""_s);
        QCOMPARE(registerSchema(m_server, u"common-value"_s, record(u"Common"_s, id)).status, 200);
        QCOMPARE(registerSchema(m_server, u"order-value"_s,
                                record(u"Order"_s, field(u"common"_s, u"\"com.acme.Common\""_s)), u"AVRO"_s,
                                QJsonArray{reference(u"com.acme.Common"_s, u"common-value"_s, 1)})
                     .status,
                 200);
        QCOMPARE(registerSchema(m_server, u"ship-value"_s,
                                u"syntax = \"proto3\";\npackage acme;\nmessage Ship { string id = 1; }\n"_s,
                                u"PROTOBUF"_s)
                     .status,
                 200);
        QCOMPARE(registerSchema(m_server, u":.eu:pay-value"_s,
                                u"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"_s,
                                u"JSON"_s)
                     .status,
                 200);
        QCOMPARE(registerSchema(m_server, u"9-odd.name"_s, record(u"Odd"_s, id)).status, 200);
        QCOMPARE(registerSchema(m_server, u"9-odd_name"_s, record(u"Odd2"_s, id)).status, 200);
        testing::RestClient rest(m_server.url());
        QCOMPARE(rest.put(u"/config/order-value"_s, QJsonObject{{u"compatibility"_s, u"FULL"_s}}).status,
                 200);
        QCOMPARE(rest.put(u"/mode/ship-value"_s, QJsonObject{{u"mode"_s, u"READONLY"_s}}).status, 200);
        m_client = std::make_unique<registry::RegistryClient>(profileOf(u"tf"_s, m_server),
                                                              registry::ConnectionSecrets{});
    }

    void identifiersAndStrings()
    {
        QSet<QString> taken;
        QCOMPARE(plan::terraform::resourceName(u":.eu:pay-value"_s, &taken), u"eu_pay-value"_s);
        QCOMPARE(plan::terraform::resourceName(u"9-odd.name"_s, &taken), u"s_9-odd_name"_s);
        QCOMPARE(plan::terraform::resourceName(u"9-odd_name"_s, &taken), u"s_9-odd_name_2"_s);
        QCOMPARE(plan::terraform::resourceName(u"ü"_s, &taken), u"s_"_s);
        QCOMPARE(plan::terraform::quoted(u"a\"b\\c${x}%{y}\n"_s), u"\"a\\\"b\\\\c$${x}%%{y}\\n\""_s);
    }

    void registryWithReferencesConfigAndMode()
    {
        QTemporaryDir dir;
        QVERIFY(exportTo(dir.path()));
        const QString hcl = read(QDir(dir.path()).filePath(u"main.tf"_s));
        QVERIFY(!hcl.isEmpty());
        QStringList errors;
        const Block root = parseHcl(hcl, &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));

        QHash<QString, QStringList> names; // type -> resource names, in file order
        QHash<QString, Block> schemas;     // subject -> its confluent_schema
        int providers = 0;
        for (const Block &block : root.blocks) {
            if (block.type == u"provider") {
                ++providers;
                QCOMPARE(block.labels, QStringList{u"confluent"_s});
                checkBlock(block, u"provider.confluent"_s, &errors);
                continue;
            }
            if (block.type != u"resource")
                continue;
            QCOMPARE(block.labels.size(), 2);
            const QString type = block.labels.at(0);
            QVERIFY2(providerSchema().contains(type), qPrintable(type));
            checkBlock(block, type, &errors);
            static const QRegularExpression identifier(u"^[A-Za-z_][A-Za-z0-9_-]*$"_s);
            QVERIFY2(identifier.match(block.labels.at(1)).hasMatch(), qPrintable(block.labels.at(1)));
            QVERIFY2(!names.value(type).contains(block.labels.at(1)), "resource names are unique");
            names[type] << block.labels.at(1);
            const QString subject = unquote(block.attributes.value(u"subject_name"_s));
            if (type == u"confluent_schema") {
                schemas.insert(subject, block);
                QVERIFY(formats.contains(unquote(block.attributes.value(u"format"_s))));
                static const QRegularExpression file(u"^file\\(\"\\$\\{path\\.module\\}/([^\"]+)\"\\)$"_s);
                const QRegularExpressionMatch m = file.match(block.attributes.value(u"schema"_s));
                QVERIFY2(m.hasMatch(), qPrintable(block.attributes.value(u"schema"_s)));
                QVERIFY2(QFile::exists(QDir(dir.path()).filePath(m.captured(1))), qPrintable(m.captured(1)));
            } else if (type == u"confluent_subject_config") {
                QVERIFY(levels.contains(unquote(block.attributes.value(u"compatibility_level"_s))));
                QCOMPARE(subject, u"order-value"_s);
            } else if (type == u"confluent_subject_mode") {
                QVERIFY(modes.contains(unquote(block.attributes.value(u"mode"_s))));
                QCOMPARE(subject, u"ship-value"_s);
            }
        }
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QCOMPARE(providers, 1);
        QCOMPARE(names.value(u"confluent_schema"_s),
                 (QStringList{u"s_9-odd_name"_s, u"s_9-odd_name_2"_s, u"eu_pay-value"_s, u"common-value"_s,
                              u"order-value"_s, u"ship-value"_s})); // sorted by subject
        QCOMPARE(names.value(u"confluent_subject_config"_s), QStringList{u"order-value"_s});
        QCOMPARE(names.value(u"confluent_subject_mode"_s), QStringList{u"ship-value"_s});
        QCOMPARE(unquote(schemas.value(u"ship-value"_s).attributes.value(u"format"_s)), u"PROTOBUF"_s);
        QCOMPARE(unquote(schemas.value(u":.eu:pay-value"_s).attributes.value(u"format"_s)), u"JSON"_s);
        QVERIFY(schemas.value(u":.eu:pay-value"_s)
                    .attributes.value(u"schema"_s)
                    .contains(u"contexts/eu/pay-value.json"_s));

        const Block order = schemas.value(u"order-value"_s);
        QCOMPARE(int(order.blocks.size()), 1);
        const Block &reference = order.blocks.front();
        QCOMPARE(reference.type, u"schema_reference"_s);
        QCOMPARE(unquote(reference.attributes.value(u"name"_s)), u"com.acme.Common"_s);
        QCOMPARE(unquote(reference.attributes.value(u"subject_name"_s)), u"common-value"_s);
        // The referenced resource's version: Terraform creates it first.
        QCOMPARE(reference.attributes.value(u"version"_s), u"confluent_schema.common-value.version"_s);

        // Deterministic: a second export writes the same configuration.
        QTemporaryDir again;
        QVERIFY(exportTo(again.path()));
        QCOMPARE(read(QDir(again.path()).filePath(u"main.tf"_s)), hcl);
    }

    void oneContext()
    {
        QTemporaryDir dir;
        diff::SubjectMapping filter;
        filter.subjects = {u":.eu:*"_s};
        QVERIFY(exportTo(dir.path(), filter));
        const QString hcl = read(QDir(dir.path()).filePath(u"main.tf"_s));
        QCOMPARE(hcl.count(u"resource \"confluent_schema\""_s), 1);
        QVERIFY(hcl.contains(u"subject_name = \":.eu:pay-value\""_s));
        QVERIFY(QFile::exists(QDir(dir.path()).filePath(u"contexts/eu/pay-value.json"_s)));
        QVERIFY(!QFile::exists(QDir(dir.path()).filePath(u"order-value.avsc"_s)));
    }
};

QTEST_GUILESS_MAIN(TestTerraformExport)
#include "tst_terraformexport.moc"
