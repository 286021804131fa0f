#include "demo/DemoSchemas.h"

using namespace Qt::StringLiterals;

namespace sd::demo::schemas {

namespace {

// A proto3 file declaring one message; `body` is its fields and nested declarations, indented.
QString proto3(const QString &package, const QString &message, const QString &body)
{
    return u"syntax = \"proto3\";\npackage "_s + package + u";\n\nmessage "_s + message + u" {\n"_s + body +
           u"}\n"_s;
}

QString shipmentFields()
{
    return u"  string shipment_id = 1;\n  string order_id = 2;\n  string carrier = 3;\n  int64 shipped_at = 4;\n"_s;
}

QString positionFields()
{
    return u"  string account = 1;\n  string symbol = 2;\n  int64 quantity = 3;\n"_s;
}

} // namespace

QString pageviews()
{
    return uR"({"type":"record","name":"pageviews","namespace":"ksql","fields":[{"name":"viewtime","type":"long"},{"name":"userid","type":"string"},{"name":"pageid","type":"string"}],"connect.name":"ksql.pageviews"})"_s;
}

QString stockTrades()
{
    return uR"({"type":"record","name":"StockTrade","namespace":"ksql","fields":[{"name":"side","type":"string"},{"name":"quantity","type":"int"},{"name":"symbol","type":"string"},{"name":"price","type":"int"},{"name":"account","type":"string"},{"name":"userid","type":"string"}],"connect.name":"ksql.StockTrade"})"_s;
}

QString usersV1()
{
    return uR"({"type":"record","name":"users","namespace":"ksql","fields":[{"name":"registertime","type":"long"},{"name":"userid","type":"string"},{"name":"regionid","type":"string"},{"name":"gender","type":"string"}],"connect.name":"ksql.users"})"_s;
}

QString usersV2()
{
    return uR"({"type":"record","name":"users","namespace":"ksql","fields":[{"name":"registertime","type":"long"},{"name":"userid","type":"string"},{"name":"regionid","type":"string"},{"name":"gender","type":"string"},{"name":"email","type":["null","string"],"default":null}],"connect.name":"ksql.users"})"_s;
}

QString usersV3()
{
    return uR"({"type":"record","name":"users","namespace":"ksql","fields":[{"name":"registertime","type":"long"},{"name":"userid","type":"string"},{"name":"regionid","type":"string"},{"name":"gender","type":"string"},{"name":"email","type":["null","string"],"default":null},{"name":"is_active","type":"boolean","default":true}],"connect.name":"ksql.users"})"_s;
}

QString addressV1()
{
    return uR"({"type":"record","name":"Address","namespace":"com.acme","doc":"A postal address, shared by customer records.","fields":[{"name":"street","type":"string"},{"name":"city","type":"string"},{"name":"postal_code","type":"string"},{"name":"country","type":"string","doc":"ISO 3166-1 alpha-2"}]})"_s;
}

QString addressV2()
{
    return uR"({"type":"record","name":"Address","namespace":"com.acme","doc":"A postal address, shared by customer records.","fields":[{"name":"street","type":"string"},{"name":"city","type":"string"},{"name":"postal_code","type":"string"},{"name":"country","type":"string","doc":"ISO 3166-1 alpha-2"},{"name":"region","type":["null","string"],"default":null}]})"_s;
}

QString customersV1()
{
    return uR"({"type":"record","name":"Customer","namespace":"com.acme","fields":[{"name":"customer_id","type":"string"},{"name":"full_name","type":"string"},{"name":"email","type":"string"},{"name":"billing_address","type":"com.acme.Address"}]})"_s;
}

QString customersV2()
{
    return uR"({"type":"record","name":"Customer","namespace":"com.acme","fields":[{"name":"customer_id","type":"string"},{"name":"full_name","type":"string"},{"name":"email","type":"string"},{"name":"billing_address","type":"com.acme.Address"},{"name":"shipping_address","type":["null","com.acme.Address"],"default":null}]})"_s;
}

QString ordersJsonV1()
{
    return uR"({"$schema":"http://json-schema.org/draft-07/schema#","title":"Order","type":"object","additionalProperties":false,"properties":{"order_id":{"type":"string"},"customer_id":{"type":"string"},"amount":{"type":"number","minimum":0},"currency":{"type":"string","enum":["EUR","USD","GBP"]},"created_at":{"type":"string","format":"date-time"}},"required":["order_id","customer_id","amount","currency","created_at"]})"_s;
}

QString ordersJsonV2()
{
    return uR"({"$schema":"http://json-schema.org/draft-07/schema#","title":"Order","type":"object","additionalProperties":false,"properties":{"order_id":{"type":"string"},"customer_id":{"type":"string"},"amount":{"type":"number","minimum":0},"currency":{"type":"string","enum":["EUR","USD","GBP"]},"created_at":{"type":"string","format":"date-time"},"coupon_code":{"type":"string"}},"required":["order_id","customer_id","amount","currency","created_at"]})"_s;
}

QString shipmentsProtoV1()
{
    return proto3(u"com.acme.logistics"_s, u"Shipment"_s, shipmentFields());
}

QString shipmentsProtoV2()
{
    return proto3(u"com.acme.logistics"_s, u"Shipment"_s,
                  shipmentFields() + u"  string tracking_number = 5;\n  Status status = 6;\n\n"
                                     u"  enum Status {\n    STATUS_UNSPECIFIED = 0;\n    IN_TRANSIT = 1;\n"
                                     u"    DELIVERED = 2;\n    RETURNED = 3;\n  }\n"_s);
}

QString clickstreamTest()
{
    return uR"({"type":"record","name":"clickstream","namespace":"ksql","fields":[{"name":"ip","type":"string"},{"name":"request","type":"string"},{"name":"status","type":"int"}],"connect.name":"ksql.clickstream"})"_s;
}

QString accountsV1()
{
    return uR"({"type":"record","name":"Account","namespace":"com.acme.trading","fields":[{"name":"account","type":"string"},{"name":"owner_userid","type":"string"},{"name":"opened_at","type":{"type":"long","logicalType":"timestamp-millis"}}]})"_s;
}

QString accountsV2()
{
    return uR"({"type":"record","name":"Account","namespace":"com.acme.trading","fields":[{"name":"account","type":"string"},{"name":"owner_userid","type":"string"},{"name":"opened_at","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"risk_profile","type":{"type":"enum","name":"RiskProfile","symbols":["LOW","MEDIUM","HIGH"]},"default":"MEDIUM"}]})"_s;
}

QString accountsV3()
{
    return uR"({"type":"record","name":"Account","namespace":"com.acme.trading","fields":[{"name":"account","type":"string"},{"name":"owner_userid","type":"string"},{"name":"opened_at","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"risk_profile","type":{"type":"enum","name":"RiskProfile","symbols":["LOW","MEDIUM","HIGH"]},"default":"MEDIUM"},{"name":"margin_enabled","type":"boolean","default":false}]})"_s;
}

QString quotesJsonV1()
{
    return uR"({"$schema":"http://json-schema.org/draft-07/schema#","title":"Quote","type":"object","properties":{"symbol":{"type":"string"},"bid":{"type":"number"},"ask":{"type":"number"},"ts":{"type":"integer"}},"required":["symbol","bid","ask","ts"]})"_s;
}

QString positionsProtoV1()
{
    return proto3(u"com.acme.trading"_s, u"Position"_s, positionFields());
}

QString positionsProtoV2()
{
    return proto3(u"com.acme.trading"_s, u"Position"_s,
                  positionFields() + u"  double average_price = 4;\n"_s);
}

QString paymentsV1()
{
    return uR"({"type":"record","name":"Payment","namespace":"io.acme.payments","fields":[{"name":"payment_id","type":"string"},{"name":"order_id","type":"string"},{"name":"amount_cents","type":"long"},{"name":"currency","type":"string"}]})"_s;
}

QString paymentsV2()
{
    return uR"({"type":"record","name":"Payment","namespace":"io.acme.payments","fields":[{"name":"payment_id","type":"string"},{"name":"order_id","type":"string"},{"name":"amount_cents","type":"long"},{"name":"currency","type":"string"},{"name":"payment_method","type":{"type":"enum","name":"PaymentMethod","symbols":["CARD","SEPA","PAYPAL","UNKNOWN"],"default":"UNKNOWN"},"default":"CARD"}]})"_s;
}

QString invoicesJsonV1()
{
    return uR"({"$schema":"http://json-schema.org/draft-07/schema#","title":"Invoice","type":"object","properties":{"invoice_id":{"type":"string"},"payment_id":{"type":"string"},"issued_on":{"type":"string","format":"date"},"lines":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"},"quantity":{"type":"integer","minimum":1},"unit_price_cents":{"type":"integer"}},"required":["sku","quantity","unit_price_cents"]}}},"required":["invoice_id","payment_id","issued_on","lines"]})"_s;
}

QString pageEventsV1()
{
    return uR"({"type":"record","name":"PageEvent","namespace":"io.acme.analytics","fields":[{"name":"session_id","type":"string"},{"name":"url","type":"string"},{"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}}]})"_s;
}

QString pageEventsV2()
{
    return uR"({"type":"record","name":"PageEvent","namespace":"io.acme.analytics","fields":[{"name":"session_id","type":"string"},{"name":"url","type":"string"},{"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"referrer","type":["null","string"],"default":null}]})"_s;
}

QString fraudAlertsProtoV1()
{
    return proto3(u"io.acme.fraud"_s, u"FraudAlert"_s,
                  u"  string alert_id = 1;\n  string payment_id = 2;\n  double score = 3;\n"
                  u"  repeated string reasons = 4;\n"_s);
}

QString testRecord()
{
    return uR"({"type": "record", "name": "TestRecord", "fields": [{"name": "id", "type": "int"}, {"name": "name", "type": "string"}]})"_s;
}

} // namespace sd::demo::schemas
