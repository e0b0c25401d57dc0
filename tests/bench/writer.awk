# The load of OpenSER 1.1 on PostgreSQL for tests/bench-online.sh: the
# statements of writer.py (location INSERT, UPDATE, DELETE; acc and
# missed_calls INSERT), one per line, for psql in autocommit, without end.
# Each line is flushed as it is written, so that a generator stopped by a
# signal never leaves half a statement for psql.  awk -v tag=T -f writer.awk
# (-v client=mysql: the same for the mariadb client, without psql's \timing).
BEGIN {
	q = "\047"
	if (client != "mysql")
		print "\\timing on"
	for (i = 0; ; i++) {
		k = i % 5
		u = "bw" tag "_" (i - k)
		if (k == 0)
			print "INSERT INTO location (username, domain, contact, expires, q, callid, cseq, user_agent) " \
			      "VALUES (" q u q ", 'example.com', " q "sip:" u "@10.1.0." (i % 250) q ", " \
			      "'2030-01-01 00:00:00', 0.5, " q "c" u q ", 1, 'bench');"
		else if (k == 1)
			print "UPDATE location SET cseq = cseq + 1, expires = '2030-01-02 00:00:00' " \
			      "WHERE username = " q u q ";"
		else if (k == 2)
			print "INSERT INTO acc (sip_from, sip_to, sip_status, sip_method, i_uri, from_uri, to_uri, " \
			      "sip_callid, username, domain, fromtag, totag, time) VALUES (" q "<sip:" u "@example.com>" q \
			      ", '<sip:d@example.net>', '486 Busy Here', 'INVITE', 'sip:d@example.net', " \
			      q "sip:" u "@example.com" q ", 'sip:d@example.net', " q "a" u q ", " q u q ", " \
			      "'example.com', 'f', 't', '2007-06-01 00:00:00');"
		else if (k == 3)
			print "INSERT INTO missed_calls (sip_from, sip_to, sip_status, sip_method, i_uri, from_uri, " \
			      "to_uri, sip_callid, username, domain, fromtag, totag, time) VALUES (" q "<sip:" u \
			      "@example.com>" q ", '<sip:d@example.net>', '408 Request Timeout', 'INVITE', '', " \
			      q "sip:" u "@example.com" q ", 'sip:d@example.net', " q "m" u q ", " q u q ", " \
			      "'example.com', 'f', 't', '2007-06-01 00:00:00');"
		else if (i % 10 == 4)
			print "DELETE FROM location WHERE username = " q u q ";"
		else
			print "SELECT 1;"
		fflush()
	}
}
