"""Acting for someone else: representatives' authority (asked for, confirmed, verified,
revoked), complaints made on a resident's behalf, petitions and their signatures, and
communal complaints, each with its staff side.
"""
