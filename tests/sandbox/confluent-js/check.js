// Usage: start an empty sandbox (schemadesk-sandbox --port 8081), then: npm install && node check.js http://127.0.0.1:8081
// Exercises the official Confluent JS client against a schemadesk-sandbox.
const sr = require('@confluentinc/schemaregistry');
const url = process.argv[2];
const assert = (c, m) => { if (!c) { throw new Error('FAILED: ' + m); } console.log('ok  ' + m); };
(async () => {
  const client = new sr.SchemaRegistryClient({ baseURLs: [url] });
  const v1 = '{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"int"}]}';
  const v2 = '{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"int"},{"name":"note","type":"string","default":""}]}';
  const bad = '{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"int"},{"name":"qty","type":"int"}]}';
  const id1 = await client.register('orders-value', { schemaType: 'AVRO', schema: v1 });
  assert(id1 === 1, 'register -> id 1');
  const full = await client.registerFullResponse('orders-value', { schemaType: 'AVRO', schema: v2 });
  assert(full.id === 2 && full.version === 2, 'registerFullResponse -> id 2 version 2');
  assert(await client.getId('orders-value', { schemaType: 'AVRO', schema: v1 }) === 1, 'getId (lookup)');
  const latest = await client.getLatestSchemaMetadata('orders-value');
  assert(latest.version === 2 && latest.id === 2 && latest.schema === v2, 'getLatestSchemaMetadata');
  const m1 = await client.getSchemaMetadata('orders-value', 1);
  assert(m1.schema === v1, 'getSchemaMetadata v1');
  assert(JSON.stringify(await client.getAllVersions('orders-value')) === '[1,2]', 'getAllVersions');
  assert(await client.getVersion('orders-value', { schemaType: 'AVRO', schema: v1 }) === 1, 'getVersion');
  assert(JSON.stringify(await client.getAllSubjects()) === '["orders-value"]', 'getAllSubjects');
  assert(await client.testCompatibility('orders-value', 2, { schemaType: 'AVRO', schema: bad }) === false, 'testCompatibility false');
  assert(await client.testSubjectCompatibility('orders-value', { schemaType: 'AVRO', schema: v2 }) === true, 'testSubjectCompatibility true');
  try { await client.register('orders-value', { schemaType: 'AVRO', schema: bad }); assert(false, 'incompatible must fail'); }
  catch (e) { assert(e.status === 409 && e.errorCode === 40901, 'incompatible register -> 409/40901 (' + e.message + ')'); }
  assert(await client.updateCompatibility('orders-value', 'FULL') === 'FULL', 'updateCompatibility');
  assert(await client.getCompatibility('orders-value') === 'FULL', 'getCompatibility');
  assert(await client.getDefaultCompatibility() === 'BACKWARD', 'getDefaultCompatibility');
  const cfg = await client.updateConfig('orders-value', { normalize: true });
  assert(cfg.normalize === true, 'updateConfig partial');
  const got = await client.getConfig('orders-value');
  assert(got.compatibilityLevel === 'FULL' && got.normalize === true, 'getConfig merged');
  const byId = await client.getBySubjectAndId('orders-value', 2);
  assert(byId.schema === v2, 'getBySubjectAndId');
  const byGuid = await client.getByGuid(latest.guid);
  assert(byGuid.schema === v2, 'getByGuid');
  try { await client.getSchemaMetadata('orders-value', 9); assert(false, 'missing version'); }
  catch (e) { assert(e.status === 404 && e.errorCode === 40402, 'missing version -> 40402'); }
  // Serializer/deserializer round trip with auto-registration under a context subject.
  const pv = { type: 'record', name: 'pageviews', namespace: 'ksql', fields: [
    { name: 'viewtime', type: 'long' }, { name: 'userid', type: 'string' }, { name: 'pageid', type: 'string' }],
    'connect.name': 'ksql.pageviews' };
  const pvId = await client.register('pageviews-value', { schemaType: 'AVRO', schema: JSON.stringify(pv) });
  assert(pvId === 3, 'register pageviews-value -> id 3');
  const serFixed = new sr.AvroSerializer(client, sr.SerdeType.VALUE, { useLatestVersion: true });
  const msg = { viewtime: 1, userid: 'User_1', pageid: 'Page_7' };
  const bytes = await serFixed.serialize('pageviews', msg);
  assert(bytes[0] === 0 && bytes.readInt32BE(1) === 3, 'AvroSerializer writes magic byte + id 3');
  const de = new sr.AvroDeserializer(client, sr.SerdeType.VALUE, {});
  const back = await de.deserialize('pageviews', bytes);
  assert(back.userid === 'User_1' && back.pageid === 'Page_7', 'AvroDeserializer round trip');
  assert(JSON.stringify(await client.deleteSubject('pageviews-value')) === '[1]', 'deleteSubject soft');
  assert(JSON.stringify(await client.deleteSubject('pageviews-value', true)) === '[1]', 'deleteSubject permanent');
  assert(await client.deleteSubjectVersion('orders-value', 2) === 2, 'deleteSubjectVersion');
  console.log('ALL OK');
})().catch(e => { console.error(e.stack || e); process.exit(1); });
