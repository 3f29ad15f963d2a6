const https = require('node:https');

function ping(callback) {
  const req = https.request('https://legacy.example.com/ping', { timeout: 1000 }, callback);
  req.end();
}

module.exports = { ping };
