#pragma once

#include <QString>

// The demo's fixed schemas, written as its producers send them (compact JSON from Kafka Connect's
// AvroConverter, hand-written JSON Schema and Protobuf). Fixed text, so screenshots and tests are stable.
namespace sd::demo::schemas {

// The datagen `pageviews` quickstart record, byte for byte as Connect registers it (mirrors compare it
// exactly).
QString pageviews();
// The datagen `stock_trades` quickstart record as Connect registers it (target's subject the links copy).
QString stockTrades();

// source, default context
QString usersV1();
QString usersV2();          // + email (optional)
QString usersV3();          // + is_active with default; soft-deleted again in the demo
QString addressV1();        // com.acme.Address, referenced by customers-value
QString addressV2();        // + region (optional)
QString customersV1();      // references com.acme.Address version 1
QString customersV2();      // + shipping_address; references com.acme.Address version 2
QString ordersJsonV1();     // JSON Schema, closed content model
QString ordersJsonV2();     // + optional coupon_code
QString shipmentsProtoV1(); // PROTOBUF
QString shipmentsProtoV2(); // + tracking_number, status enum
QString clickstreamTest();  // a test subject somebody created and soft-deleted

// target, default context
QString accountsV1();
QString accountsV2(); // + risk_profile enum with default
QString accountsV3(); // + margin_enabled with default; soft-deleted again in the demo
QString quotesJsonV1();
QString positionsProtoV1();
QString positionsProtoV2(); // + average_price

// cloud, the system of record of the Platform/Cloud mirror
QString paymentsV1();
QString paymentsV2(); // + payment_method with default
QString invoicesJsonV1();
QString pageEventsV1();       // context .analytics
QString pageEventsV2();       // + referrer (optional)
QString fraudAlertsProtoV1(); // context .fraud
// test-mirroring-subject's record, kept exactly as a mirroring check sends it (spaces included).
QString testRecord();

} // namespace sd::demo::schemas
