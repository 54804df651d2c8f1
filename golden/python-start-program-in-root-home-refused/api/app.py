import falcon
api = falcon.App()
