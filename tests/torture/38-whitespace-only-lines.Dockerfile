FROM alpine
   
	
RUN true
 
