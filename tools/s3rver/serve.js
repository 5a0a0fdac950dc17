// Runs the S3-compatible test server on loopback until killed.
// usage: node serve.js PORT DATA_DIR BUCKET
// Credentials are s3rver's fixed pair (access key S3RVER, secret S3RVER). Requests signed with
// any other secret are refused with SignatureDoesNotMatch; expired presigned URLs with
// AccessDenied.
'use strict';
const S3rver = require('@20minutes/s3rver');

const [port, directory, bucket] = process.argv.slice(2);
if (!port || !directory || !bucket) {
  console.error('usage: node serve.js PORT DATA_DIR BUCKET');
  process.exit(2);
}
new S3rver({
  port: Number(port),
  address: '127.0.0.1',
  directory,
  silent: true,
  configureBuckets: [{ name: bucket }],
})
  .run()
  .then(
    (address) => console.log(`s3rver listening on ${address.address}:${address.port}`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
