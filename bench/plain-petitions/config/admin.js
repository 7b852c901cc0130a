// Same configuration as the empty baseline app.
module.exports = require('../../plain/config/admin.js');
