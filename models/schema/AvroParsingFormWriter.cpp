#include "schema/AvroParsingFormWriter.h"

#include "schema/AvroWriterSupport_p.h"

namespace sd::schema {

void AvroParsingFormWriter::write(const AvroNode *n, QString &out)
{
    switch (n->type) {
    case AvroType::Record:
    case AvroType::Enum:
    case AvroType::Fixed: {
        const QString full = n->fullName();
        if (m_seen.contains(full)) {
            writeJsonString(full, out);
            return;
        }
        m_seen.insert(full);
        writeAvroFullNameAndType(n, out);
        if (n->type == AvroType::Record)
            writeAvroFields(n, out, [&](const AvroField &f) { write(f.type, out); });
        else if (n->type == AvroType::Enum)
            writeAvroSymbols(n, out);
        else
            writeAvroSize(n, out);
        out.append(u'}');
        return;
    }
    case AvroType::Array:
    case AvroType::Map:
        writeAvroContainerHead(n, out);
        write(n->type == AvroType::Array ? n->items : n->values, out);
        out.append(u'}');
        return;
    case AvroType::Union:
        writeAvroUnion(n, out, [&](const AvroNode *b) { write(b, out); });
        return;
    default:
        writeAvroTypeName(n->type, out);
        return;
    }
}

} // namespace sd::schema
