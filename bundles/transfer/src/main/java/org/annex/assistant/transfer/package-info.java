/** The transfer queue and scanner; the service they offer is the API's TransferQueue, so everything is in {@code impl}. */
package org.annex.assistant.transfer;
